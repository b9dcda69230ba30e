import { defineContentType, field } from '../model.js';

/**
 * An e-mail about something a visitor sent, waiting for the mail relay: an enquiry to a region's
 * leads or the steering group, a membership application or nominations to the people who handle
 * them, a booking's receipt to the person booked. It is stored in the same transaction as what
 * the visitor sent, so the visitor's answer never waits for the relay and a relay that is down
 * delays the e-mail instead of losing it. The CMS's notice worker sends it (retrying with
 * back-off) and deletes it once the relay accepts it, so nothing of it is kept after. Never
 * public; editors see the ones waiting and the ones that failed, which are removed a month later.
 */
export const noticeEmail = defineContentType({
  kind: 'collectionType',
  singularName: 'notice-email',
  pluralName: 'notice-emails',
  displayName: 'Notice e-mail',
  description: 'E-mails about what visitors sent, waiting for the mail relay or failed; each is removed once sent.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'subject',
  attributes: {
    recipients: field.string('Who it goes to: e-mail addresses separated by commas.', { required: true, maxLength: 2000 }),
    replyToName: field.string('The visitor who sent it, so a reply goes straight to them (empty for a receipt).', { maxLength: 200 }),
    replyToEmail: field.email('The visitor\'s address for Reply-To.'),
    subject: field.string('Subject line.', { required: true, maxLength: 1000 }),
    body: field.text('The e-mail, plain text only: what visitors typed is never put into HTML mail.', { required: true, maxLength: 100_000 }),
    state: field.enumeration('pending until the relay accepts it (then it is removed), or failed when the relay refused it for good or too often (removed MAIL_OUTBOX_KEEP_DAYS, 30, days later).', ['pending', 'failed'], {
      required: true,
      default: 'pending',
    }),
    attempts: field.integer('Sending attempts so far.', { required: true, default: 0, min: 0 }),
    nextAttemptAt: field.datetime('Not tried before this time: the back-off after a temporary failure.', { required: true }),
    leaseOwner: field.string('The worker sending it right now (a random claim token); empty when nobody is.', { maxLength: 64, derived: true }),
    leaseExpiresAt: field.datetime('The claim lapses then, so an e-mail held by a CMS that died is sent by the next one.', { derived: true }),
    lastError: field.string('The relay\'s answer to the last failed attempt.', { maxLength: 1000 }),
  },
  indexes: [
    // The worker's question: which pending e-mails are due?
    { name: 'due', fields: ['state', 'nextAttemptAt'] },
  ],
});
