import { defineComponent, field } from '../model.js';

/** Proof of a subscriber's consent (UK GDPR Art. 7(1): the controller must be able to show it). */
export const consent = defineComponent({
  category: 'subscriber',
  name: 'consent',
  displayName: 'Consent record',
  description: 'What the subscriber agreed to, when and where.',
  attributes: {
    wordingVersion: field.string('Version of the consent wording shown next to the follow box.', {
      required: true,
      maxLength: 40,
    }),
    givenAt: field.datetime('When the follow form was sent.', { required: true }),
    sourcePage: field.string('Page the follow form was on.', { maxLength: 2000 }),
    ipHash: field.string('Salted hash of the sender\'s IP address; the address itself is never stored.', {
      maxLength: 128,
    }),
    confirmedAt: field.datetime('When the confirmation link was clicked.'),
  },
});
