import { defineContentType, field } from '../model.js';

/** A training course, run on several dates. */
export const trainingCourse = defineContentType({
  kind: 'collectionType',
  singularName: 'training-course',
  pluralName: 'training-courses',
  displayName: 'Training course',
  description: 'Courses and the dates they run on.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Course name.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the course page.', { targetField: 'title', required: true }),
    summary: field.text('One or two sentences on what the course covers.', { maxLength: 400 }),
    audience: field.string('Who it is for, e.g. "New or aspiring IROs".', { maxLength: 200 }),
    description: field.markdown('Full description of the course.'),
    facilitator: field.relation('Who runs it.', 'person', { relation: 'manyToOne', populate: true, fields: ['name', 'jobTitle'] }),
    sessions: field.components('The dates it runs on.', 'training.session'),
  },
});
