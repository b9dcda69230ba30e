import { defineContentType, field } from '../model.js';

/** A static page: history, message from the chair, accessibility statement, privacy notice. */
export const page = defineContentType({
  kind: 'collectionType',
  singularName: 'page',
  pluralName: 'pages',
  displayName: 'Page',
  description: 'Static pages such as About and Privacy.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Page title.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the page, e.g. "about".', { targetField: 'title', required: true }),
    summary: field.text('One or two plain sentences for search results and sharing.', { maxLength: 400 }),
    body: field.markdown('The page, in Markdown.', { required: true }),
    showInFooter: field.boolean('List the page in the footer.', { default: false }),
  },
});
