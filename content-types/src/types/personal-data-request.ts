import { defineContentType, field } from '../model.js';

/**
 * A person's request to see or delete what the site holds about them (UK GDPR Articles 15 and 17),
 * handled in one place: an editor types the e-mail address and saves. "Find" lists every
 * subscription and submission with that address; "Erase" deletes them (subscriber, comments,
 * enquiries, nominations sent and places as a nominee, membership applications, training
 * bookings). The CMS does the work as the entry is saved, whoever saves it, and keeps only a
 * masked address and what was done, as the record that the request was met.
 */
export const personalDataRequest = defineContentType({
  kind: 'collectionType',
  singularName: 'personal-data-request',
  pluralName: 'personal-data-requests',
  displayName: 'Personal data request',
  description: 'Find or erase everything held about an e-mail address, in one place.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'emailAddress',
  attributes: {
    emailAddress: field.string(
      'The e-mail address of the person asking. After an erasure only a masked form is kept (j•••@example.org).',
      { required: true, maxLength: 254 },
    ),
    action: field.enumeration('Find lists what is held; Erase deletes it, and cannot be undone.', ['find', 'erase'], {
      required: true,
      default: 'find',
    }),
    note: field.text('How the request came in, and anything else editors should know.', { maxLength: 2000 }),
    outcome: field.text('What was found or erased (written by the CMS when the request is saved).', {
      derived: true,
      shownToEditors: true,
      maxLength: 20000,
    }),
    handledAt: field.datetime('When the CMS carried out the request.', { derived: true, shownToEditors: true }),
  },
});
