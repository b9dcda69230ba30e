/** The site's paths (from content-types, shared with the CMS's preview links) and absolute URLs. */
import { sitePaths } from '@iro/content-types';
import { SITE_URL } from '../consts';

export const urls = sitePaths;

/** Top-level paths owned by sections; a static page may not take one of these slugs. */
export const reservedPageSlugs = new Set(['news', 'topics', 'regions', 'events', 'training', 'magazine', 'nominations', 'search', 'og', 'pagefind', '404', 'contact', 'thank-you', 'follow', 'bookings']);

/** CMS pages a page of the site's own shows with a form under their text (the "join" page and its application form). */
export const pagesWithOwnRoute = new Set(['join']);

/** Absolute URL on this site, for feeds, canonical links and structured data. */
export const absolute = (path: string) => new URL(path, `${SITE_URL}/`).toString();
