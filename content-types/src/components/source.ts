import { defineComponent, field } from '../model.js';

/** Where a news summary comes from: shown as "Source: Cascade, 13 December 2022" with a link. */
export const source = defineComponent({
  category: 'shared',
  name: 'source',
  displayName: 'Source',
  description: 'The outside report a post summarises.',
  attributes: {
    organisation: field.string('Who published the original, e.g. "ADCS" or "Department for Education".', {
      required: true,
      maxLength: 200,
    }),
    publishedOn: field.date('When the original was published.'),
    url: field.string('Link to the original report or article.', { maxLength: 2000 }),
  },
});
