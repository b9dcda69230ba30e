import type { Core, Modules } from '@strapi/strapi';
import { z } from 'zod';
import { formatDate } from '@iro/content-types';
import { ruleBroken } from './rule-support';

const requestUid = 'api::personal-data-request.personal-data-request';

type Row = Record<string, any> & { documentId: string };

/**
 * Everywhere a visitor's e-mail address is held, and what erasing it means there. One list, so a
 * new kind of submission is found and erased by adding it here. People entries (chairs, leads)
 * are content editors keep, not visitors' data, and are left to editors.
 */
const holdings: {
  uid: string;
  /** What one entry is called in the outcome. */
  noun: [string, string];
  /** Filters for the entries holding the address. */
  filters: (email: string) => object;
  /** Where the filters can only narrow it down (an address inside text): whether the entry holds it. */
  holds?: (row: Row, email: string) => boolean;
  populate?: object;
  describe: (row: Row, email: string) => string;
  /** Deletes the entry, or only this person's part of it. */
  erase: (strapi: Core.Strapi, row: Row, email: string) => Promise<void>;
}[] = [
  {
    uid: 'api::subscriber.subscriber',
    noun: ['e-mail subscription', 'e-mail subscriptions'],
    filters: (email) => ({ email: { $eqi: email } }),
    populate: { consent: true },
    describe: (row) => `${row.status}, consent given ${formatDate(row.consent?.givenAt ?? row.createdAt)}`,
    erase: deleteEntry('api::subscriber.subscriber'),
  },
  {
    uid: 'api::comment.comment',
    noun: ['comment', 'comments'],
    filters: (email) => ({ email: { $eqi: email } }),
    populate: { post: { fields: ['title'] } },
    describe: (row) => `${row.status}, on “${row.post?.title ?? 'a deleted post'}”, ${formatDate(row.createdAt)}`,
    erase: deleteEntry('api::comment.comment'),
  },
  {
    uid: 'api::enquiry.enquiry',
    noun: ['enquiry', 'enquiries'],
    filters: (email) => ({ email: { $eqi: email } }),
    describe: (row) => `sent ${formatDate(row.createdAt)}`,
    erase: deleteEntry('api::enquiry.enquiry'),
  },
  {
    uid: 'api::nomination.nomination',
    noun: ['nomination', 'nominations'],
    filters: (email) => ({ $or: [{ nominatorEmail: { $eqi: email } }, { nominees: { email: { $eqi: email } } }] }),
    populate: { nominees: true, call: { fields: ['title'] } },
    describe: (row, email) =>
      `${sameAddress(row.nominatorEmail, email) ? 'sent by them' : 'naming them as a nominee'}, for “${row.call?.title ?? 'a deleted call'}”, ${formatDate(row.createdAt)}`,
    // Only their part goes: as the nominator, their name and address (the nominees and the
    // region's places are other people's); as a nominee, their entry.
    async erase(strapi, row, email) {
      const nominees = (row.nominees as Row[]).filter((nominee) => !sameAddress(nominee.email, email)).map(({ id: _id, ...nominee }) => nominee);
      const asNominator = sameAddress(row.nominatorEmail, email) ? { nominatorName: 'Erased at their request', nominatorEmail: erasedAddress } : {};
      await strapi.documents('api::nomination.nomination' as never).update({ documentId: row.documentId, data: { ...asNominator, nominees } } as never);
    },
  },
  {
    uid: 'api::membership-application.membership-application',
    noun: ['membership application', 'membership applications'],
    filters: (email) => ({ email: { $eqi: email } }),
    describe: (row) => `${row.status}, ${formatDate(row.createdAt)}`,
    erase: deleteEntry('api::membership-application.membership-application'),
  },
  {
    uid: 'api::training-booking.training-booking',
    noun: ['training booking', 'training bookings'],
    filters: (email) => ({ email: { $eqi: email } }),
    populate: { course: { fields: ['title'] } },
    describe: (row) => `${row.kind === 'interest' ? 'interest' : `booking (${row.status})`} in “${row.course?.title ?? 'a deleted course'}”${row.sessionKey ? ` on ${formatDate(row.sessionKey.slice(0, 10))}` : ''}`,
    erase: deleteEntry('api::training-booking.training-booking'),
  },
  {
    // E-mails about their submissions still waiting for the relay (sent ones are not kept): from
    // them, to them (a receipt), or naming them (a nominee).
    uid: 'api::notice-email.notice-email',
    noun: ['e-mail waiting to be sent', 'e-mails waiting to be sent'],
    filters: (email) => ({ $or: [{ replyToEmail: { $eqi: email } }, { recipients: { $containsi: email } }, { body: { $containsi: email } }] }),
    // "ann@example.org" is inside "joann@example.org" too: only whole addresses count.
    holds: (row, email) => addressesIn(`${row.replyToEmail ?? ''} ${row.recipients} ${row.body}`).includes(email),
    describe: (row) => `${row.state}, “${row.subject}”, ${formatDate(row.createdAt)}`,
    erase: deleteEntry('api::notice-email.notice-email'),
  },
  {
    // Earlier requests about the address keep it, and what was found, until it is erased. Written
    // directly: through the Document Service a request's address may not change (see below).
    uid: requestUid,
    noun: ['earlier request about this address', 'earlier requests about this address'],
    filters: (email) => ({ emailAddress: { $eqi: email } }),
    describe: (row) => `${row.action}, ${formatDate(row.createdAt)}`,
    async erase(strapi, row, email) {
      await strapi.db.query(requestUid as never).update({
        where: { documentId: row.documentId },
        data: { emailAddress: maskAddress(email), outcome: `${row.outcome?.split('\n')[0] ?? ''} (the list was removed when the address was erased)` },
      });
    },
  },
];

function deleteEntry(uid: string) {
  return async (strapi: Core.Strapi, row: Row) => {
    await strapi.documents(uid as never).delete({ documentId: row.documentId } as never);
  };
}

/** What an erased nominator's address becomes: a valid address that can reach nobody (RFC 2606). */
const erasedAddress = 'erased@erased.invalid';

/** The e-mail addresses in a text, in lower case. */
const addressesIn = (text: string) => (text.match(/[^\s<>()[\],;:"']+@[^\s<>()[\],;:"']+/g) ?? []).map((address) => address.replace(/\.+$/, '').toLowerCase());

const sameAddress = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** "j•••@example.org": enough for an editor to recognise the request later, not to mail anyone. */
export const maskAddress = (email: string) => `${email.slice(0, 1)}•••${email.slice(email.indexOf('@'))}`;

const addressSchema = z.email();

/**
 * Carries out a personal data request as it is created (in the admin or by any other writer):
 * finds every entry holding the address and, for an erasure, deletes them in the same transaction
 * as the request is stored, then keeps only the masked address and the outcome. Outcomes list
 * what is held without repeating anything the person wrote. A request is carried out once; to act
 * again, editors add a new one (changing or duplicating one is refused, saying so).
 */
export function personalDataRequests(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    if (context.uid !== requestUid) return next();
    if ((context.action as string) === 'clone') throw ruleBroken([{ path: ['emailAddress'], message: 'Add a new request rather than duplicating one: each request is carried out once, when it is added.' }]);
    if (context.action === 'update') {
      const { data = {}, documentId } = context.params as { data?: Record<string, unknown>; documentId?: string };
      const stored = (await strapi.db.query(requestUid as never).findOne({ where: { documentId }, select: ['emailAddress', 'action'] })) as { emailAddress: string; action: string } | null;
      const changed = (key: 'emailAddress' | 'action') => data[key] !== undefined && stored && data[key] !== stored[key];
      if (changed('emailAddress') || changed('action')) {
        throw ruleBroken([{ path: [changed('action') ? 'action' : 'emailAddress'], message: 'A request is carried out once, when it is added: to find or erase again, add a new request.' }]);
      }
      return next();
    }
    if (context.action !== 'create') return next();
    const data = ((context.params as { data?: Record<string, unknown> }).data ??= {});
    const email = String(data.emailAddress ?? '').trim().toLowerCase();
    if (!addressSchema.safeParse(email).success) {
      throw ruleBroken([{ path: ['emailAddress'], message: 'Enter the e-mail address of the person asking, like name@example.org.' }]);
    }
    const erase = data.action === 'erase';
    return strapi.db.transaction(async () => {
      const lines: string[] = [];
      for (const holding of holdings) {
        const found = (await strapi.documents(holding.uid as never).findMany({ filters: holding.filters(email), populate: holding.populate ?? {}, limit: 10_000 } as never)) as Row[];
        const rows = holding.holds ? found.filter((row) => holding.holds!(row, email)) : found;
        if (rows.length === 0) continue;
        lines.push(`${rows.length} ${holding.noun[rows.length === 1 ? 0 : 1]}:`);
        for (const row of rows) {
          lines.push(`- ${holding.describe(row, email)}`);
          if (erase) await holding.erase(strapi, row, email);
        }
      }
      const now = new Date();
      data.handledAt = now.toISOString();
      data.outcome =
        lines.length === 0
          ? `Nothing held for this address on ${formatDate(now)} (subscriptions, comments, enquiries, nominations, membership applications, training bookings).`
          : `${erase ? 'Erased' : 'Found'} on ${formatDate(now)}:\n${lines.join('\n')}`;
      data.emailAddress = erase ? maskAddress(email) : email;
      return next();
    });
  };
}
