import { defineContentType, field } from '../model.js';

/** A message sent through a contact form, to the steering group or to a region. */
export const enquiry = defineContentType({
  kind: 'collectionType',
  singularName: 'enquiry',
  pluralName: 'enquiries',
  displayName: 'Enquiry',
  description: 'Messages from the contact forms.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'subject',
  attributes: {
    region: field.relation('The region written to; empty for the steering group.', 'region', { relation: 'manyToOne' }),
    name: field.string('Sender\'s name.', { required: true, maxLength: 100 }),
    email: field.email('Sender\'s e-mail address; replies go here.', { required: true }),
    subject: field.string('Subject line.', { required: true, maxLength: 200 }),
    message: field.text('The message, plain text.', { required: true, maxLength: 5000 }),
    status: field.enumeration('Whether someone has replied.', ['new', 'answered', 'closed'], {
      required: true,
      default: 'new',
    }),
  },
});
