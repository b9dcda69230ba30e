import type { Core, Modules } from '@strapi/strapi';
import { formatDeadline } from '@iro/content-types';
import { relationDocumentId, ruleBroken, serialised, startingEntry, type RuleIssue } from './rule-support';

const nominationUid = 'api::nomination.nomination';
const callUid = 'api::nomination-call.nomination-call';
const regionUid = 'api::region.region';

interface Nominee {
  name?: string;
  localAuthority?: string;
}
interface Call {
  title: string;
  opensAt?: string | null;
  closesAt: string;
  nomineesPerRegion: number;
  distinctLocalAuthorities: boolean;
}
interface StoredNomination {
  documentId: string;
  status: string;
  call?: { documentId: string } | null;
  region?: { documentId: string } | null;
  nominees?: Nominee[];
}

/**
 * Local authorities compare without case, spacing, punctuation ("Stoke-on-Trent", "St. Helens"),
 * invisible characters, "&" for "and", or a leading "the" / trailing "council".
 */
const authorityKey = (name = '') =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cf}/gu, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/ council$/, '');

/** Whether every authority in `list` is in `from`, as many times (a nominee removed, none added or moved to another authority). */
const authoritiesWithin = (list: Nominee[], from: Nominee[]) => {
  const left = new Map<string, number>();
  for (const key of from.map((nominee) => authorityKey(nominee.localAuthority))) left.set(key, (left.get(key) ?? 0) + 1);
  return list.every((nominee) => {
    const key = authorityKey(nominee.localAuthority);
    const count = left.get(key) ?? 0;
    left.set(key, count - 1);
    return count > 0;
  });
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The rules of a call for nominations, kept in a Document Service middleware so that they hold
 * however a nomination is stored (the public form, the admin, its Duplicate, the REST API, a script):
 * - a new nomination is refused after the call's deadline, or before it opens, whatever its status
 *   (one made "withdrawn" and brought back later is no way round), and so is one moved to another call;
 * - a new (or moved) nomination names exactly the number of nominees the call asks each region
 *   for, and an edited one never more (removing a nominee who stood down, or by an erasure, is fine);
 * - when the call says so, a region's nominees work for different local authorities;
 * - a region cannot exceed its places: nominations already received for it count (a withdrawn
 *   one does not, so an editor can let a region send again).
 * An edit is checked again only where it could break a rule: another call or region, nominees
 * added or their local authorities changed, or a withdrawn nomination brought back. Checks and
 * the write run one at a time per call and region, so two nominations sent at the same moment
 * cannot both take the region's places.
 */
export function nominationRules(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    const action = context.action as string;
    if (context.uid !== nominationUid || !['create', 'clone', 'update'].includes(action)) return next();
    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data ?? {};
    const stored = await startingEntry<StoredNomination>(strapi, context, { call: { fields: ['documentId'] }, region: { fields: ['documentId'] }, nominees: true });
    const status = (data.status as string | undefined) ?? stored?.status ?? 'received';
    // The admin sends unchanged relations as an empty `{ connect: [] }`: those keep the stored entry's.
    const callId = (await relationDocumentId(strapi, callUid, data.call)) ?? stored?.call?.documentId;
    const regionId = (await relationDocumentId(strapi, regionUid, data.region)) ?? stored?.region?.documentId;
    // Without a call or region Strapi's own "required" check refuses the entry.
    if (!callId || !regionId) return next();
    const nominees = ((Array.isArray(data.nominees) ? data.nominees : stored?.nominees) ?? []) as Nominee[];
    // A nomination moved to another call is new to that call: its deadline and number apply.
    const isNew = action !== 'update' || callId !== stored?.call?.documentId;
    // A withdrawn nomination takes no places, but is still held to the deadline when it is made.
    if (status === 'withdrawn' && !isNew) return next();

    if (!isNew && stored) {
      const couldBreak =
        stored.status === 'withdrawn' ||
        regionId !== stored.region?.documentId ||
        nominees.length > (stored.nominees?.length ?? 0) ||
        !authoritiesWithin(nominees, stored.nominees ?? []);
      if (!couldBreak) return next();
    }

    return serialised(strapi, `nomination:${callId}:${regionId}`, async () => {
      const call = (await strapi.documents(callUid as never).findOne({ documentId: callId, status: 'published' } as never)) as Call | null;
      if (!call) throw ruleBroken([{ path: ['call'], message: 'This call for nominations is not open: it is not published.' }]);
      const issues: RuleIssue[] = [];
      const now = Date.now();
      if (isNew && now > Date.parse(call.closesAt)) {
        issues.push({ path: ['call'], message: `Nominations for this call closed at ${formatDeadline(call.closesAt)}.` });
      } else if (isNew && call.opensAt && now < Date.parse(call.opensAt)) {
        issues.push({ path: ['call'], message: `Nominations for this call open at ${formatDeadline(call.opensAt)}.` });
      }
      if (isNew ? nominees.length !== call.nomineesPerRegion : nominees.length > call.nomineesPerRegion) {
        issues.push({
          path: ['nominees'],
          message: isNew
            ? `This call asks each region for exactly ${plural(call.nomineesPerRegion, 'nominee', 'nominees')}; this nomination has ${nominees.length}.`
            : `This call gives each region ${plural(call.nomineesPerRegion, 'place', 'places')}; this nomination would have ${plural(nominees.length, 'nominee', 'nominees')}.`,
        });
      }

      // What a withdrawn one is judged by ends here: it takes no places.
      if (status === 'withdrawn') {
        if (issues.length > 0) throw ruleBroken(issues);
        return next();
      }
      const region = (await strapi.documents(regionUid as never).findOne({ documentId: regionId, status: 'published' } as never)) as { name: string } | null;
      const regionName = region?.name ?? 'This region';
      const earlier = ((await strapi.documents(nominationUid as never).findMany({
        filters: { call: { documentId: callId }, region: { documentId: regionId }, status: { $ne: 'withdrawn' } },
        populate: { nominees: true },
        limit: 100,
      } as never)) as unknown as StoredNomination[]).filter((nomination) => isNew || nomination.documentId !== params.documentId);
      const taken = earlier.reduce((sum, nomination) => sum + (nomination.nominees?.length ?? 0), 0);
      if (taken > 0 && taken + nominees.length > call.nomineesPerRegion) {
        issues.push({
          path: ['region'],
          message: `${regionName} has already sent ${plural(taken, 'nominee', 'nominees')} for this call, and each region has ${plural(call.nomineesPerRegion, 'place', 'places')}. To change them, contact the steering group.`,
        });
      }

      if (call.distinctLocalAuthorities) {
        const seen = new Map<string, string>();
        for (const nominee of earlier.flatMap((nomination) => nomination.nominees ?? [])) seen.set(authorityKey(nominee.localAuthority), 'a nominee already sent');
        nominees.forEach((nominee, index) => {
          const key = authorityKey(nominee.localAuthority);
          if (!key) return;
          const clash = seen.get(key);
          if (clash) {
            issues.push({
              path: ['nominees', index, 'localAuthority'],
              message: `Nominee ${index + 1} works for the same local authority as ${clash} (${nominee.localAuthority}): this call asks for nominees from different local authorities.`,
            });
          } else seen.set(key, `nominee ${index + 1}`);
        });
      }
      if (issues.length > 0) throw ruleBroken(issues);
      return next();
    });
  };
}
