/**
 * E-mails about a submission that is already stored: to the people it is for (a region's leads,
 * the steering group, the membership secretary) or a receipt to the sender. Editors see every
 * submission in the admin whatever happens to the mail, so a failed send is logged, never shown
 * to the visitor as an error, and never loses what they sent.
 */
import { formSiteSettings } from './cached-reads';

export interface Notice {
  to: string[];
  /** The sender of the submission, so a reply goes straight to them. */
  replyTo?: { name: string; email: string };
  subject: string;
  /** Plain text only: what visitors typed is never put into HTML mail. */
  text: string;
}


export async function sendNotice(notice: Notice): Promise<void> {
  if (notice.to.length === 0) {
    strapi.log.warn(`No address to send "${notice.subject}" to: set the contact address in the site settings.`);
    return;
  }
  try {
    await strapi.plugin('email').service('email').send({
      to: notice.to,
      // An address object, not a string: nodemailer encodes the name, so a comma or quote in what
      // a visitor typed as their name can never add an address or a header.
      ...(notice.replyTo ? { replyTo: { name: notice.replyTo.name.replace(/[\r\n]+/g, ' '), address: notice.replyTo.email } } : {}),
      subject: notice.subject.replace(/[\r\n]+/g, ' '),
      text: notice.text,
    });
  } catch (error) {
    strapi.log.error(`Stored, but the e-mail "${notice.subject}" to ${notice.to.join(', ')} failed: ${(error as Error).message}`);
  }
}

/** The site settings the forms need (private fields included: this runs on the server). */
export async function formSettings(): Promise<{ shortName: string; contactEmail?: string; membershipEmail?: string | null }> {
  const settings = await formSiteSettings();
  return { shortName: settings?.shortName ?? 'the site', contactEmail: settings?.contactEmail, membershipEmail: settings?.membershipEmail };
}
