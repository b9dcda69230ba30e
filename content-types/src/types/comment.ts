import { z } from 'zod';
import { defineContentType, field } from '../model.js';

/** A visitor's comment on a post, held until an editor approves it. */
export const comment = defineContentType({
  kind: 'collectionType',
  singularName: 'comment',
  pluralName: 'comments',
  displayName: 'Comment',
  description: 'Visitors\' comments, held for moderation.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'authorName',
  attributes: {
    post: field.relation('The post commented on.', 'post', { relation: 'manyToOne', required: true }),
    authorName: field.string('Name the visitor gave; shown with the comment once approved.', {
      required: true,
      maxLength: 100,
    }),
    email: field.email('The visitor\'s e-mail address; never shown.', { required: true, private: true }),
    body: field.text('The comment, plain text.', { required: true, maxLength: 5000 }),
    status: field.enumeration('Moderation state; only approved comments appear on the site.', [
      'pending',
      'approved',
      'rejected',
      'spam',
    ], { required: true, default: 'pending' }),
    doNotPublish: field.boolean('The visitor asked for this to be a private message to the editors.', {
      default: false,
    }),
  },
});

/** What the public sees of an approved comment: the name given, the text and when. Never the e-mail. */
export const publishedCommentSchema = z.object({
  post: z.string().describe('slug of the post'),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type PublishedComment = z.infer<typeof publishedCommentSchema>;
