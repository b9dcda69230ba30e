import { defineContentType, field } from '../model.js';

/** One of England's nine regions, with its leads, meetings and plans. */
export const region = defineContentType({
  kind: 'collectionType',
  singularName: 'region',
  pluralName: 'regions',
  displayName: 'Region',
  description: 'The nine regions of England.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'name',
  attributes: {
    name: field.string('Region name, e.g. "Yorkshire and the Humber".', { required: true, unique: true, maxLength: 100 }),
    slug: field.uid('Web address of the region page.', { targetField: 'name', required: true }),
    summary: field.text('Welcome text at the top of the region page.', { maxLength: 2000 }),
    leads: field.components('Chairs and regional leads, with their roles.', 'region.lead'),
    meetingPattern: field.text('How often and when the region meets, e.g. "4 times a year, 10.00am to 12.30pm".', {
      maxLength: 1000,
    }),
    regionalUpdate: field.markdown('Latest update from the region, including summaries of meetings.'),
    workforceDevelopment: field.markdown('Learning and development news for the region.'),
    actionPlan: field.markdown('The regional action plan, or where it stands.'),
    termsOfReference: field.markdown('Terms of reference, if published.'),
    termsOfReferenceOnRequest: field.boolean('Say the terms of reference are available to members on request.', {
      default: false,
    }),
  },
});
