import { defineContentType, field } from '../model.js';

/** A region's nominations in answer to a call. */
export const nomination = defineContentType({
  kind: 'collectionType',
  singularName: 'nomination',
  pluralName: 'nominations',
  displayName: 'Nomination',
  description: 'Nominations sent in answer to a call.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'nominatorName',
  attributes: {
    call: field.relation('The call answered.', 'nomination-call', { relation: 'manyToOne', required: true }),
    region: field.relation('The region nominating.', 'region', { relation: 'manyToOne', required: true }),
    nominatorName: field.string('Who sends the nominations, usually the regional lead.', {
      required: true,
      maxLength: 100,
    }),
    nominatorEmail: field.email('Their e-mail address.', { required: true }),
    nominees: field.components('The people nominated.', 'nomination.nominee', { min: 1, max: 20 }),
    status: field.enumeration(
      'Where the nomination stands. A withdrawn nomination no longer counts against the region\'s places, so the region can send another.',
      ['received', 'accepted', 'withdrawn'],
      { required: true, default: 'received' },
    ),
  },
});
