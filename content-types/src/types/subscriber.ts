import { defineContentType, field } from '../model.js';

/** Someone following the site by e-mail (double opt-in). */
export const subscriber = defineContentType({
  kind: 'collectionType',
  singularName: 'subscriber',
  pluralName: 'subscribers',
  displayName: 'Subscriber',
  description: 'People who follow new posts by e-mail.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'email',
  attributes: {
    email: field.email('Address new posts are sent to.', { required: true, unique: true }),
    status: field.enumeration('Only confirmed subscribers are sent mail.', ['pending', 'confirmed', 'unsubscribed'], {
      required: true,
      default: 'pending',
    }),
    consent: field.component('What they agreed to, when and where.', 'subscriber.consent', { required: true }),
    confirmationTokenHash: field.string('Hash of the emailed confirmation token; the token itself is never stored.', {
      private: true,
      maxLength: 128,
    }),
    confirmationExpiresAt: field.datetime('The confirmation link stops working after this.', { private: true }),
    lastConfirmationSentAt: field.datetime('When a confirmation was last mailed, so repeated follows do not flood the address.', {
      private: true,
    }),
  },
});
