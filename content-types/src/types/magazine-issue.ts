import { defineContentType, field } from '../model.js';

/** An issue of the e-magazine. */
export const magazineIssue = defineContentType({
  kind: 'collectionType',
  singularName: 'magazine-issue',
  pluralName: 'magazine-issues',
  displayName: 'Magazine issue',
  description: 'Issues of the e-magazine.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Issue title.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the issue.', { targetField: 'title', required: true }),
    number: field.integer('Issue number.', { required: true, min: 1, unique: true }),
    date: field.date('Publication date of the issue.', { required: true }),
    cover: field.image('Cover picture (needs alt text).'),
    intro: field.markdown('Introduction to the issue.'),
    articles: field.relation('Articles in this issue.', 'magazine-article', {
      relation: 'oneToMany',
      mappedBy: 'issue',
      populate: true,
    }),
  },
});
