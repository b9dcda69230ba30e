import { defineContentType, field } from '../model.js';

/** A subject posts are filed under, with its own page and feed. */
export const topic = defineContentType({
  kind: 'collectionType',
  singularName: 'topic',
  pluralName: 'topics',
  displayName: 'Topic',
  description: 'Subjects posts are filed under.',
  audience: 'public',
  draftAndPublish: false,
  titleField: 'name',
  attributes: {
    name: field.string('Topic name, e.g. "Care Review".', { required: true, unique: true, maxLength: 100 }),
    slug: field.uid('Web address of the topic page.', { targetField: 'name', required: true }),
    description: field.text('A sentence on what the topic covers.', { maxLength: 400 }),
  },
});
