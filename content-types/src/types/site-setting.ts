import { defineContentType, field } from '../model.js';

/** Organisation-wide settings shown in the header and footer and used by the forms. */
export const siteSetting = defineContentType({
  kind: 'singleType',
  singularName: 'site-setting',
  pluralName: 'site-settings',
  displayName: 'Site settings',
  description: 'Name, contact details and footer of the site.',
  audience: 'public',
  draftAndPublish: false,
  titleField: 'organisationName',
  attributes: {
    organisationName: field.string('Full name, e.g. "National IRO Managers Partnership".', {
      required: true,
      maxLength: 200,
    }),
    shortName: field.string('Short name used in the header, e.g. "NIROMP".', { required: true, maxLength: 40 }),
    description: field.text('What the organisation is, in a sentence or two (home page, search results).', {
      required: true,
      maxLength: 400,
    }),
    charityNumber: field.string('Registered charity number, if any.', { maxLength: 20 }),
    contactEmail: field.email('Public contact address; enquiries to the steering group go here.', { required: true }),
    membershipEmail: field.email('Where membership applications are sent; the contact address when empty. Never shown on the site.', {
      private: true,
    }),
    socialLinks: field.components('Profiles on other sites, listed in the footer.', 'shared.social-link'),
    footerText: field.text('Short text at the foot of every page.', { maxLength: 1000 }),
    showFollowerCount: field.boolean('Show how many people follow by e-mail next to the follow box.', {
      default: true,
    }),
    autoApproveReturningCommenters: field.boolean(
      'Publish comments straight away from people who have had a comment approved before.',
      { default: false },
    ),
    moderationKeywords: field.text('Comments containing any of these words (one per line) are held as spam.', {
      private: true,
      maxLength: 10000,
    }),
  },
});
