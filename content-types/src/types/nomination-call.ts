import { defineContentType, field } from '../model.js';

/** A call for nominations, with its deadline and the rules nominations must follow. */
export const nominationCall = defineContentType({
  kind: 'collectionType',
  singularName: 'nomination-call',
  pluralName: 'nomination-calls',
  displayName: 'Nomination call',
  description: 'Calls for nominations, e.g. to a national advisory group.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Title of the call.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the call.', { targetField: 'title', required: true }),
    summary: field.text('One or two plain sentences for lists and feeds.', { maxLength: 400 }),
    body: field.markdown('The call, in Markdown.', { required: true }),
    opensAt: field.datetime('When nominations open.'),
    closesAt: field.datetime('Deadline: nominations are refused after this.', { required: true }),
    nomineesPerRegion: field.integer('How many nominees each region puts forward.', { required: true, min: 1, max: 20, default: 2 }),
    distinctLocalAuthorities: field.boolean('A region\'s nominees must work for different local authorities.', {
      default: true,
    }),
    meetingDate: field.date('Date of the first meeting of the group being formed.'),
    steeringGroup: field.relation('Steering-group leads running the call.', 'person', {
      relation: 'manyToMany',
      populate: true,
    }),
  },
});
