import type { Core, Modules } from '@strapi/strapi';
import { formatDeadline } from '@iro/content-types';
import { relationDocumentId, ruleBroken, serialised, type RuleIssue } from './rule-support';

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

/** Local authorities compare without case, spacing or a leading "the" / trailing "council". */
const authorityKey = (name = '') =>
  name
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '')
    .replace(/ council$/, '');

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The rules of a call for nominations, kept in a Document Service middleware so that they hold
 * however a nomination is stored (the public form, the admin, the REST API, a script):
 * - nothing is received after the call's deadline, or before it opens;
 * - a nomination names exactly the number of nominees the call asks each region for;
 * - when the call says so, a region's nominees work for different local authorities;
 * - a region cannot exceed its places: nominations already received for it count (a withdrawn
 *   one does not, so an editor can let a region send again).
 * Checks and the write run one at a time per call and region, so two nominations sent at the same
 * moment cannot both take the region's places.
 */
export function nominationRules(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    if (context.uid !== nominationUid || (context.action !== 'create' && context.action !== 'update')) return next();
    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data ?? {};
    const current =
      context.action === 'update' && params.documentId
        ? ((await strapi.documents(nominationUid as never).findOne({
            documentId: params.documentId,
            populate: { call: { fields: ['documentId'] }, region: { fields: ['documentId'] }, nominees: true },
          } as never)) as StoredNomination | null)
        : null;
    // An editor changing only the status or a name is not checked again, except to re-open a withdrawn
    // one; nor is removing nominees (a nominee who stood down, or an erasure request), which frees places.
    const reopening = current?.status === 'withdrawn' && data.status !== undefined && data.status !== 'withdrawn';
    const removingOnly = Array.isArray(data.nominees) && data.nominees.length < (current?.nominees?.length ?? 0);
    if (current && !reopening && !('call' in data) && !('region' in data) && (!('nominees' in data) || removingOnly)) return next();

    const status = (data.status as string | undefined) ?? current?.status ?? 'received';
    if (status === 'withdrawn') return next();
    // The admin sends unchanged relations as an empty `{ connect: [] }`: those keep the stored entry's.
    const callId = (await relationDocumentId(strapi, callUid, data.call)) ?? current?.call?.documentId;
    const regionId = (await relationDocumentId(strapi, regionUid, data.region)) ?? current?.region?.documentId;
    // Without a call or region Strapi's own "required" check refuses the entry.
    if (!callId || !regionId) return next();
    const nominees = ((Array.isArray(data.nominees) ? data.nominees : current?.nominees) ?? []) as Nominee[];

    return serialised(strapi, `nomination:${callId}:${regionId}`, async () => {
      const call = (await strapi.documents(callUid as never).findOne({ documentId: callId, status: 'published' } as never)) as Call | null;
      if (!call) throw ruleBroken([{ path: ['call'], message: 'This call for nominations is not open: it is not published.' }]);
      const issues: RuleIssue[] = [];
      const now = Date.now();
      if (context.action === 'create' && now > Date.parse(call.closesAt)) {
        issues.push({ path: ['call'], message: `Nominations for this call closed at ${formatDeadline(call.closesAt)}.` });
      } else if (context.action === 'create' && call.opensAt && now < Date.parse(call.opensAt)) {
        issues.push({ path: ['call'], message: `Nominations for this call open at ${formatDeadline(call.opensAt)}.` });
      }
      if (nominees.length !== call.nomineesPerRegion) {
        issues.push({
          path: ['nominees'],
          message: `This call asks each region for exactly ${plural(call.nomineesPerRegion, 'nominee', 'nominees')}; this nomination has ${nominees.length}.`,
        });
      }

      const region = (await strapi.documents(regionUid as never).findOne({ documentId: regionId, status: 'published' } as never)) as { name: string } | null;
      const regionName = region?.name ?? 'This region';
      const earlier = ((await strapi.documents(nominationUid as never).findMany({
        filters: { call: { documentId: callId }, region: { documentId: regionId }, status: { $ne: 'withdrawn' } },
        populate: { nominees: true },
        limit: 100,
      } as never)) as unknown as StoredNomination[]).filter((nomination) => nomination.documentId !== params.documentId);
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
