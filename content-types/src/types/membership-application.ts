import { defineContentType, field } from '../model.js';

/** An application to join the association. */
export const membershipApplication = defineContentType({
  kind: 'collectionType',
  singularName: 'membership-application',
  pluralName: 'membership-applications',
  displayName: 'Membership application',
  description: 'Applications from the "Join us" form.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'name',
  attributes: {
    name: field.string('Applicant\'s full name.', { required: true, maxLength: 100 }),
    email: field.email('Applicant\'s e-mail address.', { required: true }),
    membershipType: field.enumeration('Kind of membership applied for.', ['practitioner', 'manager', 'associate'], {
      required: true,
      default: 'practitioner',
    }),
    jobTitle: field.string('Job title.', { maxLength: 200 }),
    organisation: field.string('Local authority or organisation.', { maxLength: 200 }),
    message: field.text('Anything else the applicant wants to say.', { maxLength: 5000 }),
    status: field.enumeration('Where the application stands.', ['pending', 'accepted', 'declined'], {
      required: true,
      default: 'pending',
    }),
  },
});
