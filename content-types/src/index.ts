/**
 * The content model of iro-network, defined once. Strapi's schemas (`toStrapiContentType`,
 * `toStrapiComponent`), the server-side population (`populateOf`) and the zod schemas of API
 * entries (`entrySchema`) are all made from the definitions in `types/` and `components/`.
 */
export * from './model.js';
export * from './types/index.js';
export * from './components/index.js';
export { toStrapiAttribute, toStrapiComponent, toStrapiContentType, type StrapiAttribute } from './strapi-schema.js';
export { embeddedIn, populateOf, type Embedded, type Populate } from './populate.js';
export { contentVersionsSchema, type ContentVersions } from './content-versions.js';
export { entrySchema, mediaSchema, type ComponentEntry, type Entry, type Media, type Related } from './entry-schema.js';
export { controlCharacterMessage, inputSchema } from './input-schema.js';
export { entryPath, sitePaths } from './site-paths.js';
export { rebuildReason, type StrapiChange } from './site-changes.js';
export * from './uk-time.js';
export {
  defineForm,
  formFieldAt,
  formSchema,
  fillTimeField,
  honeypotField,
  valueAt,
  type Choice,
  type FormChoice,
  type FormDefinition,
  type FormField,
  type FormGroup,
  type FormInput,
} from './form.js';
export { errorSummaryHtml, errorTarget, escapeHtml, fieldId, formHtml, type FormHtmlOptions } from './form-html.js';
export { followConsent, followForm } from './forms/follow.js';
export { commentForm } from './forms/comment.js';
export { enquiryForm } from './forms/enquiry.js';
export { membershipForm } from './forms/membership.js';
export { nominationForm } from './forms/nomination.js';
export { sessionChoices, trainingBookingForm } from './forms/training-booking.js';
export { forms, type FormName } from './forms/index.js';
