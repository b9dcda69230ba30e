import { defineForm } from '../form.js';
import { field } from '../model.js';
import { subscriber } from '../types/subscriber.js';

/**
 * The consent wording shown beside the follow box. Its version is stored with each consent, so
 * what a subscriber agreed to can be shown later; change the version whenever the text changes.
 */
export const followConsent = {
  version: '2026-11-23',
  text: 'Send me an e-mail when something new is posted. I can unsubscribe at any time with the link in every e-mail.',
} as const;

/** Follow the site by e-mail (double opt-in: nothing is sent until the emailed link is confirmed). */
export const followForm = defineForm({
  name: 'follow',
  title: 'Follow by e-mail',
  submitLabel: 'Follow',
  fields: {
    email: {
      label: 'E-mail address',
      hint: 'We will send you a link to confirm.',
      autocomplete: 'email',
      control: 'input',
      type: 'email',
      field: subscriber.attributes.email,
    },
    sourcePage: {
      label: 'Page the form was on',
      control: 'hidden',
      field: field.string('The site path of the page, e.g. /news/.', { maxLength: 500 }),
    },
  },
  privacyNote:
    'We keep your e-mail address and a record of your consent (when, and on which page) to send you new posts, and nothing else. We never share it.',
});
