/**
 * Following by e-mail, with double opt-in: a follow stores a pending subscriber with a consent
 * record and mails a confirmation link; only the click (and the button behind it) confirms.
 * Links expire; repeated follows get the same answer whatever the address's state and mail it
 * at most once per quarter hour; unsubscribing needs only the signed link in any e-mail.
 *
 * The confirmation e-mail is queued with the subscriber, in its transaction, and sent by the notice
 * worker (outbox/notices.ts), as the forms' other e-mails are: a follow never waits for the mail
 * relay, so a relay that is down or slow neither fails the form nor lets its answer's time tell a
 * new address from a subscribed one, and the e-mail is retried instead of lost.
 */
import type { Core } from '@strapi/strapi';
import { followConsent } from '@iro/content-types';
import { serialised } from '../../../document-rules/rule-support';
import { cmsPublicUrl, ipHash } from '../../../forms/http';
import { formSettings } from '../../../forms/notify';
import { queueNotices, type Notice } from '../../../outbox/notices';
import { newToken, signedToken, tokenHash, verifySignedToken } from '../../../forms/tokens';

const uid = 'api::subscriber.subscriber';
export const confirmationLifetimeMs = 48 * 60 * 60 * 1000;
export const resendAfterMs = 15 * 60 * 1000;

interface Subscriber {
  documentId: string;
  email: string;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  confirmationTokenHash: string | null;
  confirmationExpiresAt: string | null;
  lastConfirmationSentAt: string | null;
  consent?: { wordingVersion: string; givenAt: string; sourcePage?: string | null; ipHash?: string | null; confirmedAt?: string | null } | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(uid as never) as any;
  const siteName = async () => (await formSettings()).shortName;
  const findByEmail = async (email: string): Promise<Subscriber | null> =>
    (await documents().findFirst({ filters: { email }, populate: ['consent'] })) ?? null;

  /** The subscriber a manage token was signed for, or null. */
  const byManageToken = async (token: string): Promise<Subscriber | null> => {
    const documentId = verifySignedToken('manage', token);
    return documentId ? ((await documents().findOne({ documentId, populate: ['consent'] })) ?? null) : null;
  };

  const confirmationNotice = async (email: string, token: string): Promise<Notice> => {
    const name = await siteName();
    const link = `${cmsPublicUrl()}/api/forms/follow/confirm?token=${token}`;
    return {
      to: [email],
      subject: `Confirm you want to follow ${name}`,
      text: `Someone (we hope you) asked to follow ${name} by e-mail with this address.\n\nTo confirm, open this link and press the button:\n${link}\n\nThe link works for 48 hours. If it was not you, ignore this e-mail: nothing will be sent.\n`,
    };
  };

  /**
   * Stores the address as pending with a new consent record and link, and queues the e-mail with
   * that link; nothing if it is confirmed, or was sent a link less than a quarter hour ago. One
   * call per address at a time: two follows at once (a double submit) would otherwise both find
   * no subscriber and store two.
   */
  function requestConfirmation(email: string, consent: { sourcePage: string | null; clientIp: string }, now: Date): Promise<void> {
    return serialised(strapi, `follow:${email}`, async () => {
      const existing = await findByEmail(email);
      if (existing?.status === 'confirmed') return;
      if (existing?.status === 'pending' && existing.lastConfirmationSentAt && now.getTime() - Date.parse(existing.lastConfirmationSentAt) < resendAfterMs) return;
      const token = newToken();
      const data = {
        email,
        status: 'pending',
        consent: { wordingVersion: followConsent.version, givenAt: now.toISOString(), sourcePage: consent.sourcePage, ipHash: ipHash(consent.clientIp) },
        confirmationTokenHash: tokenHash(token),
        confirmationExpiresAt: new Date(now.getTime() + confirmationLifetimeMs).toISOString(),
        lastConfirmationSentAt: now.toISOString(),
      };
      if (existing) await documents().update({ documentId: existing.documentId, data });
      else await documents().create({ data });
      await queueNotices(strapi, [await confirmationNotice(email, token)]);
    });
  }

  return {
    /**
     * Handles a follow. Returns nothing either way: the caller answers every address the same,
     * so the form never tells whether an address is subscribed.
     */
    async follow(input: { email: string; sourcePage?: string }, clientIp: string, now = new Date()): Promise<void> {
      await requestConfirmation(input.email.trim().toLowerCase(), { sourcePage: input.sourcePage ?? null, clientIp }, now);
    },

    /** Confirms the subscriber whose unexpired link this is; false for an unknown or expired token. */
    async confirm(token: string, now = new Date()): Promise<boolean> {
      const subscriber: Subscriber | null = await documents().findFirst({ filters: { confirmationTokenHash: tokenHash(token) }, populate: ['consent'] });
      if (!subscriber || !subscriber.confirmationExpiresAt || Date.parse(subscriber.confirmationExpiresAt) < now.getTime()) return false;
      await documents().update({
        documentId: subscriber.documentId,
        data: {
          status: 'confirmed',
          confirmationTokenHash: null,
          confirmationExpiresAt: null,
          consent: { ...stripId(subscriber.consent), confirmedAt: now.toISOString() },
        },
      });
      return true;
    },

    /**
     * Unsubscribes the holder of a signed unsubscribe token; false if the token is not ours. A
     * subscriber deleted since (their own "Delete my address", an editor's erasure) is as
     * unsubscribed as can be: their old e-mail's link says so rather than failing, which mail
     * providers would show as an unsubscribe that did not work.
     */
    async unsubscribe(token: string): Promise<boolean> {
      const documentId = verifySignedToken('unsubscribe', token);
      if (!documentId) return false;
      const subscriber = await documents().findOne({ documentId });
      if (subscriber && subscriber.status !== 'unsubscribed') await documents().update({ documentId, data: { status: 'unsubscribed' } });
      return true;
    },

    /** The link every e-mail to a subscriber carries, and its List-Unsubscribe headers (RFC 2369, RFC 8058). */
    unsubscribeLink(documentId: string) {
      const url = `${cmsPublicUrl()}/api/forms/unsubscribe?token=${signedToken('unsubscribe', documentId)}`;
      return { url, headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } };
    },

    /** The link to the subscriber's own page (see where they stand, stop, start again, delete their address). */
    manageLink(documentId: string) {
      return `${cmsPublicUrl()}/api/forms/manage?token=${signedToken('manage', documentId)}`;
    },

    byManageToken,

    /**
     * From the manage page: stop e-mails, start them again, or delete the address. Starting again
     * is a new follow, confirmed by e-mail like the first: the page's link never expires and may
     * be in an old e-mail someone else has (forwarded, archived), and who holds it should not be
     * able to sign the address up again. Returns false for a token that is not ours.
     */
    async manage(token: string, action: 'stop' | 'restart' | 'delete', clientIp: string, now = new Date()): Promise<boolean> {
      const subscriber = await byManageToken(token);
      if (!subscriber) return false;
      if (action === 'delete') await documents().delete({ documentId: subscriber.documentId });
      else if (action === 'stop') await documents().update({ documentId: subscriber.documentId, data: { status: 'unsubscribed' } });
      else await requestConfirmation(subscriber.email, { sourcePage: 'manage page', clientIp }, now);
      return true;
    },

    /** The site's short name, for e-mails and the CMS's own pages. */
    siteName,

    /** How many people follow the site (confirmed subscribers), for the follow box. */
    async followerCount(): Promise<number> {
      return strapi.db.query(uid as never).count({ where: { status: 'confirmed' } });
    },
  };
};

/** Component data to write back: without the row id Strapi gave it. */
function stripId<T extends object | null | undefined>(component: T): Omit<NonNullable<T>, 'id'> {
  const { id: _id, ...rest } = (component ?? {}) as { id?: unknown };
  return rest as Omit<NonNullable<T>, 'id'>;
}
