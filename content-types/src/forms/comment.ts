import { defineForm } from '../form.js';
import { comment } from '../types/comment.js';

/** A comment on a post; every one is held until an editor approves it. */
export const commentForm = defineForm({
  name: 'comment',
  title: 'Leave a comment',
  submitLabel: 'Send comment',
  fields: {
    post: { label: 'Post', control: 'hidden', field: comment.attributes.post },
    authorName: {
      label: 'Name',
      hint: 'Shown with your comment if it is published.',
      autocomplete: 'name',
      control: 'input',
      type: 'text',
      field: comment.attributes.authorName,
    },
    email: {
      label: 'E-mail address',
      hint: 'Never shown. We use it only if we need to ask you about your comment.',
      autocomplete: 'email',
      control: 'input',
      type: 'email',
      field: comment.attributes.email,
    },
    body: { label: 'Comment', control: 'textarea', field: comment.attributes.body },
    doNotPublish: {
      label: 'Please do not publish my comment: it is a private message to the editors',
      control: 'checkbox',
      field: comment.attributes.doNotPublish,
    },
  },
  privacyNote:
    'We keep your name, e-mail address and comment. Comments are checked before they are published; your e-mail address is never published.',
});
