/**
 * Following by e-mail, with double opt-in: a follow stores a pending subscriber with a consent
 * record and mails a confirmation link; only the click (and the button behind it) confirms.
 * Links expire; repeated follows get the same answer whatever the address's state and mail it
 * at most once per quarter hour; unsubscribing needs only the signed link in any e-mail.
 */
import type { Core } from '@strapi/strapi';
import { escapeHtml, followConsent } from '@iro/content-types';
import { cmsPublicUrl, ipHash } from '../../../forms/http';
import { formSettings } from '../../../forms/notify';
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

  async function mailConfirmation(email: string, token: string) {
    const name = await siteName();
    const link = `${cmsPublicUrl()}/api/forms/follow/confirm?token=${token}`;
    await strapi.plugin('email').service('email').send({
      to: email,
      subject: `Confirm you want to follow ${name}`,
      text: `Someone (we hope you) asked to follow ${name} by e-mail with this address.\n\nTo confirm, open this link and press the button:\n${link}\n\nThe link works for 48 hours. If it was not you, ignore this e-mail: nothing will be sent.\n`,
      // The site's name is the editors' text: escaped like any other text in HTML.
      html: `<p>Someone (we hope you) asked to follow ${escapeHtml(name)} by e-mail with this address.</p><p><a href="${escapeHtml(link)}">Confirm that you want to follow ${escapeHtml(name)}</a>. The link works for 48 hours.</p><p>If it was not you, ignore this e-mail: nothing will be sent.</p>`,
    });
  }

  return {
    /**
     * Handles a follow. Returns nothing either way: the caller answers every address the same,
     * so the form never tells whether an address is subscribed.
     */
    async follow(input: { email: string; sourcePage?: string }, clientIp: string, now = new Date()): Promise<void> {
      const email = input.email.trim().toLowerCase();
      const existing = await findByEmail(email);
      if (existing?.status === 'confirmed') return;
      if (existing?.status === 'pending' && existing.lastConfirmationSentAt && now.getTime() - Date.parse(existing.lastConfirmationSentAt) < resendAfterMs) return;

      const token = newToken();
      const data = {
        email,
        status: 'pending',
        consent: {
          wordingVersion: followConsent.version,
          givenAt: now.toISOString(),
          sourcePage: input.sourcePage ?? null,
          ipHash: ipHash(clientIp),
        },
        confirmationTokenHash: tokenHash(token),
        confirmationExpiresAt: new Date(now.getTime() + confirmationLifetimeMs).toISOString(),
        lastConfirmationSentAt: now.toISOString(),
      };
      if (existing) await documents().update({ documentId: existing.documentId, data });
      else await documents().create({ data });
      await mailConfirmation(email, token);
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

    /** Unsubscribes the holder of a signed unsubscribe token; false if the token is not ours. */
    async unsubscribe(token: string): Promise<boolean> {
      const documentId = verifySignedToken('unsubscribe', token);
      if (!documentId) return false;
      const subscriber = await documents().findOne({ documentId });
      if (!subscriber) return false;
      if (subscriber.status !== 'unsubscribed') await documents().update({ documentId, data: { status: 'unsubscribed' } });
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
     * needs no second confirmation (only the address's owner has the link) but records a new
     * consent, with the wording shown on the page. Returns false for a token that is not ours.
     */
    async manage(token: string, action: 'stop' | 'restart' | 'delete', clientIp: string, now = new Date()): Promise<boolean> {
      const subscriber = await byManageToken(token);
      if (!subscriber) return false;
      if (action === 'delete') await documents().delete({ documentId: subscriber.documentId });
      else if (action === 'stop') await documents().update({ documentId: subscriber.documentId, data: { status: 'unsubscribed' } });
      else {
        await documents().update({
          documentId: subscriber.documentId,
          data: {
            status: 'confirmed',
            consent: { wordingVersion: followConsent.version, givenAt: now.toISOString(), sourcePage: 'manage page', ipHash: ipHash(clientIp), confirmedAt: now.toISOString() },
          },
        });
      }
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
