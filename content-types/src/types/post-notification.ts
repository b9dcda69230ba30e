import { defineContentType, field } from '../model.js';

/**
 * A post's e-mail to its followers: written once, in the transaction that first publishes the
 * post (so a re-publish finds it and sends nothing), with the text the e-mail carries, and the
 * counts of its outbox messages kept up to date by the outbox worker for editors to read in the
 * admin. Never public.
 */
/** Every field is the CMS's record of what happened: editors read it, nobody edits it. */
const written = { derived: true, shownToEditors: true } as const;

export const postNotification = defineContentType({
  kind: 'collectionType',
  singularName: 'post-notification',
  pluralName: 'post-notifications',
  displayName: 'New-post e-mail',
  description: 'The e-mail each new post sent to its followers: how many were sent, are pending, failed.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'title',
  adminListColumns: ['title', 'recipients', 'sent', 'pending', 'failed', 'queuedAt'],
  attributes: {
    title: field.string('The post\'s headline when it was first published: the e-mail\'s subject.', { required: true, maxLength: 200, ...written }),
    postDocumentId: field.string('The post (its documentId). One e-mail per post, ever: the database refuses a second entry.', {
      required: true,
      maxLength: 64,
      ...written,
    }),
    slug: field.string('The post\'s web address when it was first published; the e-mail links to it.', { required: true, maxLength: 200, ...written }),
    excerpt: field.text('The post\'s excerpt when it was first published, quoted in the e-mail.', { maxLength: 400, ...written }),
    recipients: field.integer('Confirmed followers when the post was first published: one e-mail each.', { required: true, default: 0, min: 0, ...written }),
    sent: field.integer('E-mails the SMTP relay has accepted (written by the outbox worker).', { required: true, default: 0, min: 0, ...written }),
    pending: field.integer('E-mails still to send, including those waiting to retry after a temporary failure.', { required: true, default: 0, min: 0, ...written }),
    failed: field.integer('E-mails refused for good, or after every retry; the outbox keeps each reason.', { required: true, default: 0, min: 0, ...written }),
    skipped: field.integer('E-mails not sent because the follower unsubscribed or was deleted before their turn.', { required: true, default: 0, min: 0, ...written }),
    queuedAt: field.datetime('When the post was first published and its e-mails queued.', { required: true, ...written }),
    finishedAt: field.datetime('When the last of its e-mails was sent, failed or skipped.', written),
  },
  indexes: [{ name: 'post', fields: ['postDocumentId'], unique: true }],
});
