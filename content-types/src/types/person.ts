import { defineContentType, field } from '../model.js';

/** Someone named on the site: chairs, regional and steering-group leads, facilitators, authors. */
export const person = defineContentType({
  kind: 'collectionType',
  singularName: 'person',
  pluralName: 'people',
  displayName: 'Person',
  description: 'Chairs, leads, facilitators and authors.',
  audience: 'public',
  draftAndPublish: false,
  titleField: 'name',
  attributes: {
    name: field.string('Full name.', { required: true, maxLength: 200 }),
    jobTitle: field.string('Title shown with their name, e.g. "Co-Chair, NAIRO".', { maxLength: 200 }),
    localAuthority: field.string('The local authority they work for, e.g. "London Borough of Bexley".', {
      maxLength: 200,
    }),
    email: field.email('Contact address; enquiries to their region are sent here.', { private: true }),
    showEmail: field.boolean('Show the e-mail address on the site.', { default: false }),
    publicEmail: field.email('The address shown on the site: the e-mail when "show" is ticked, else empty.', {
      derived: true,
    }),
  },
});
