/** Every visitors' form, keyed by its name (the CMS route is /api/forms/<name>). */
import { commentForm } from './comment.js';
import { enquiryForm } from './enquiry.js';
import { followForm } from './follow.js';
import { membershipForm } from './membership.js';
import { nominationForm } from './nomination.js';
import { trainingBookingForm } from './training-booking.js';

export const forms = {
  follow: followForm,
  enquiry: enquiryForm,
  comment: commentForm,
  nomination: nominationForm,
  membership: membershipForm,
  'training-booking': trainingBookingForm,
} as const;

export type FormName = keyof typeof forms;
