import { defineContentType, field } from '../model.js';

/** An article in an e-magazine issue. */
export const magazineArticle = defineContentType({
  kind: 'collectionType',
  singularName: 'magazine-article',
  pluralName: 'magazine-articles',
  displayName: 'Magazine article',
  description: 'Articles of the e-magazine.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Article title.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the article.', { targetField: 'title', required: true }),
    excerpt: field.text('One or two plain sentences for the issue\'s contents list.', { maxLength: 400 }),
    body: field.markdown('The article, in Markdown.', { required: true }),
    order: field.integer('Position within its issue (1 first).', { required: true, min: 1, default: 1 }),
    issue: field.relation('The issue it appears in.', 'magazine-issue', {
      relation: 'manyToOne',
      inversedBy: 'articles',
      populate: true,
    }),
  },
});
