/**
 * Site-wide constants, in one place. What editors control (name, description, footer) comes from
 * the CMS's site settings; these are the build's own settings.
 */
import path from 'node:path';

/**
 * Astro's cache folder (content store, build cache, post texts), kept between builds. Relative
 * paths are taken from the site's folder, where Astro runs, as Astro takes its own default.
 */
export const CACHE_DIR = path.resolve(process.env.ASTRO_CACHE_DIR || 'node_modules/.astro');

/** Where the CMS's REST API is read from at build time. */
export const CMS_URL = (process.env.CMS_URL ?? 'http://127.0.0.1:1337').replace(/\/$/, '');

/**
 * `changes`: read only the entries that changed since the last build with this cache (the
 * builder sets it for builds that follow a publish). Anything else reads every entry.
 */
export const CMS_SYNC = process.env.CMS_SYNC === 'changes' ? 'changes' : 'full';

/** Draft preview only: an API token that may read drafts. Unset for the public site. */
export const CMS_PREVIEW_TOKEN = process.env.CMS_PREVIEW_TOKEN || undefined;

/** Where the CMS is reached by visitors' browsers (form posts, uploaded files). */
export const CMS_PUBLIC_URL = (process.env.CMS_PUBLIC_URL || CMS_URL).replace(/\/$/, '');

/** The public address of this site, for canonical URLs, feeds and the sitemap. */
export const SITE_URL = (process.env.SITE_URL ?? 'http://localhost:4321').replace(/\/$/, '');

/**
 * Where the posts' share cards are in the built site (src/lib/share-cards.ts). Each card's name
 * holds a digest of its picture and no build rewrites a card in place, so builds may share the
 * files (the builder hard-links them into its copy for the next build) and servers may cache them
 * for good.
 */
export const SHARE_CARDS_DIR = 'og/news';

/** Posts listed on the news front page; older ones are in the yearly archives. */
export const NEWS_FRONT_PAGE_SIZE = 20;

/** Entries in the site-wide RSS feed. */
export const FEED_SIZE = 50;

/** UK time zone: every date and time on the site is shown in it (shared with the CMS's e-mails). */
export { TIME_ZONE } from '@iro/content-types';
