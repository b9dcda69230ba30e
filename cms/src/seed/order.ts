import type { ContentTypeName } from '@iro/content-types';

/**
 * The demo content files, in the order they are written: each type after the types it refers to.
 * The file of a type is `<pluralName>.json` (`site-setting.json` for the single type).
 */
export const seedOrder: readonly ContentTypeName[] = [
  'topic',
  'person',
  'region',
  'event',
  'training-course',
  'magazine-issue',
  'magazine-article',
  'nomination-call',
  'page',
  'post',
  'site-setting',
];
