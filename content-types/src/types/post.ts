import { defineContentType, field } from '../model.js';

/** A news item. Many are "Source X, date" summaries of outside reports. */
export const post = defineContentType({
  kind: 'collectionType',
  singularName: 'post',
  pluralName: 'posts',
  displayName: 'Post',
  description: 'News and summaries of outside reports.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Headline.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the post, made from the title.', { targetField: 'title', required: true }),
    date: field.date('Date shown on the post, used to order the news (not the publish time).', { required: true }),
    excerpt: field.text('One or two plain sentences for lists, feeds and search results.', { maxLength: 400 }),
    body: field.markdown('The post, in Markdown.', { required: true }),
    cover: field.image('Picture shown at the top and when the post is shared (needs alt text).'),
    // Each post carries of its author, topics and region only what its pages show (thousands of posts).
    author: field.relation('Who wrote it.', 'person', { relation: 'manyToOne', populate: true, fields: ['name', 'jobTitle'] }),
    topics: field.relation('Topics the post is filed under.', 'topic', { relation: 'manyToMany', populate: true, fields: ['name', 'slug'] }),
    source: field.component('For summaries: the outside report and its date.', 'shared.source'),
    region: field.relation('The region the post is about, if it is regional news.', 'region', {
      relation: 'manyToOne',
      populate: true,
      fields: ['name', 'slug'],
    }),
    breaking: field.boolean('Shown as breaking news on the home page.', { default: false }),
    commentsOpen: field.boolean('Visitors may send comments (each is held for moderation).', { default: true }),
  },
});
