/** Every visitors' form, keyed by its name (the CMS route is /api/forms/<name>). */
import { commentForm } from './comment.js';
import { enquiryForm } from './enquiry.js';
import { followForm } from './follow.js';

export const forms = {
  follow: followForm,
  enquiry: enquiryForm,
  comment: commentForm,
} as const;

export type FormName = keyof typeof forms;
