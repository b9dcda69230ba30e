/** Every content type, keyed by its singular name. */
import { comment, publishedCommentSchema, type PublishedComment } from './comment.js';
import { enquiry } from './enquiry.js';
import { event, eventKinds } from './event.js';
import { magazineArticle } from './magazine-article.js';
import { magazineIssue } from './magazine-issue.js';
import { membershipApplication } from './membership-application.js';
import { nomination } from './nomination.js';
import { nominationCall } from './nomination-call.js';
import { noticeEmail } from './notice-email.js';
import { outboxMessage } from './outbox-message.js';
import { page } from './page.js';
import { person } from './person.js';
import { personalDataRequest } from './personal-data-request.js';
import { post } from './post.js';
import { postNotification } from './post-notification.js';
import { region } from './region.js';
import { siteBuild } from './site-build.js';
import { siteSetting } from './site-setting.js';
import { subscriber } from './subscriber.js';
import { topic } from './topic.js';
import { trainingBooking } from './training-booking.js';
import { trainingCourse } from './training-course.js';

export {
  comment,
  publishedCommentSchema,
  type PublishedComment,
  enquiry,
  event,
  eventKinds,
  magazineArticle,
  magazineIssue,
  membershipApplication,
  nomination,
  nominationCall,
  noticeEmail,
  outboxMessage,
  page,
  person,
  personalDataRequest,
  post,
  postNotification,
  region,
  siteBuild,
  siteSetting,
  subscriber,
  topic,
  trainingBooking,
  trainingCourse,
};

export const contentTypes = {
  post,
  topic,
  person,
  region,
  event,
  'training-course': trainingCourse,
  'magazine-issue': magazineIssue,
  'magazine-article': magazineArticle,
  'nomination-call': nominationCall,
  page,
  'site-setting': siteSetting,
  comment,
  enquiry,
  nomination,
  'membership-application': membershipApplication,
  'training-booking': trainingBooking,
  subscriber,
  'post-notification': postNotification,
  'outbox-message': outboxMessage,
  'notice-email': noticeEmail,
  'site-build': siteBuild,
  'personal-data-request': personalDataRequest,
} as const;

export type ContentTypeName = keyof typeof contentTypes;
