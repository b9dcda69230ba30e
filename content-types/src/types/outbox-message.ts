import { defineContentType, field } from '../model.js';

/**
 * One e-mail to send: a new post to one subscriber. The CMS's outbox worker claims pending rows
 * in batches, sends them over the pooled SMTP connection and marks each sent as soon as the relay
 * accepts it. The database refuses a second row for the same subscriber and post, so however
 * often a post is published or an event fires, nobody is queued twice. Never public; hidden from
 * editors, who see each post's counts in "New-post e-mails".
 */
export const outboxMessage = defineContentType({
  kind: 'collectionType',
  singularName: 'outbox-message',
  pluralName: 'outbox-messages',
  displayName: 'Outbox message',
  description: 'New-post e-mails waiting to be sent, and what became of each.',
  audience: 'private',
  draftAndPublish: false,
  hiddenInAdmin: true,
  titleField: 'postDocumentId',
  attributes: {
    postDocumentId: field.string('The post announced (its documentId; plain text, so a fan-out is a few bulk inserts).', {
      required: true,
      maxLength: 64,
    }),
    subscriberDocumentId: field.string(
      'Who it goes to (the subscriber\'s documentId). The address is read when sending, never copied here, and someone who unsubscribed meanwhile is skipped.',
      { required: true, maxLength: 64 },
    ),
    state: field.enumeration('pending until the relay accepts it (sent), refuses it for good or too often (failed), or it is no longer wanted (skipped).', ['pending', 'sent', 'failed', 'skipped'], {
      required: true,
      default: 'pending',
    }),
    attempts: field.integer('Sending attempts so far.', { required: true, default: 0, min: 0 }),
    nextAttemptAt: field.datetime('Not tried before this time: the back-off after a temporary failure.', { required: true }),
    leaseOwner: field.string('The worker sending it right now (a random claim token); empty when nobody is.', { maxLength: 64 }),
    leaseExpiresAt: field.datetime('The claim lapses then, so a message held by a CMS that died is sent by the next one.'),
    sentAt: field.datetime('When the SMTP relay accepted it.'),
    lastError: field.string('The relay\'s answer to the last failed attempt.', { maxLength: 1000 }),
  },
  indexes: [
    // One message per subscriber and post, whatever happens: the database says no to a second.
    { name: 'post_subscriber', fields: ['postDocumentId', 'subscriberDocumentId'], unique: true },
    // The worker's question: which pending messages are due?
    { name: 'due', fields: ['state', 'nextAttemptAt'] },
  ],
});
