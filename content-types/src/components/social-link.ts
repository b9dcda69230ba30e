import { defineComponent, field } from '../model.js';

/** A link to the organisation's profile elsewhere, listed in the footer. */
export const socialLink = defineComponent({
  category: 'shared',
  name: 'social-link',
  displayName: 'Social link',
  description: 'A profile of the organisation on another site.',
  attributes: {
    label: field.string('Link text a screen reader announces, e.g. "NIROMP on LinkedIn".', {
      required: true,
      maxLength: 100,
    }),
    url: field.string('Full address of the profile.', { required: true, maxLength: 2000 }),
  },
});
