/**
 * E-mails about a submission, queued with it: to the people it is for (a region's leads, the
 * steering group, the membership secretary) or a receipt to the sender. Queue a notice inside the
 * transaction that stores the submission, so the two are stored together or not at all; the
 * notice worker sends it (outbox/notices.ts). Editors see every submission in the admin whatever
 * happens to the mail, and a visitor is never kept waiting for the mail relay.
 */
import { queueNotices, type Notice } from '../outbox/notices';
import { formSiteSettings } from './cached-reads';

export type { Notice };

export const notify = (notice: Notice): Promise<void> => queueNotices(strapi, [notice]);

/** The site settings the forms need (private fields included: this runs on the server). */
export async function formSettings(): Promise<{ shortName: string; contactEmail?: string; membershipEmail?: string | null }> {
  const settings = await formSiteSettings();
  return { shortName: settings?.shortName ?? 'the site', contactEmail: settings?.contactEmail, membershipEmail: settings?.membershipEmail };
}
