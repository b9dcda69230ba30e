/**
 * Keys for Astro's incremental build (`experimental.incrementalBuild`): a dynamic route whose
 * pages show posts returns, with each path from `getStaticPaths`, a `cacheKey` that is a digest
 * of everything that page is made from. When a page's key and its code (Astro hashes each route's
 * module graph, the config and the lockfile) are the same as in the last build, Astro takes the
 * page from its build cache instead of rendering it, so a publish renders the pages it changes and
 * not the other ten thousand. A key that missed something a page shows would leave that page
 * stale, so keys are made from whole entries, not from hand-picked fields. Routes without a key
 * are rendered in every build.
 */
import { CMS_PUBLIC_URL, CMS_URL, SITE_URL } from '../consts';
import { allPages, followerCount, siteSettings } from './content';
import { digest } from './digest';

/**
 * Digests of whole entries (objects with a documentId), each made once per build: a post is in the
 * keys of its page, its year, its topics and their feeds, and at 10,000 posts hashing each again
 * for every key was the largest part of computing them. Entries are not changed during a build.
 */
const entryDigests = new WeakMap<object, string>();
const isEntry = (value: unknown): value is object => typeof value === 'object' && value !== null && typeof (value as { documentId?: unknown }).documentId === 'string';
function entryDigest(entry: object): string {
  let found = entryDigests.get(entry);
  if (found === undefined) {
    found = digest(JSON.stringify(entry));
    entryDigests.set(entry, found);
  }
  return found;
}

/** The digest of `value`, each entry in it standing for its own digest. */
const valueDigest = (value: unknown) => digest(JSON.stringify(value, (_key, item: unknown) => (isEntry(item) ? entryDigest(item) : item)));

/** Addresses the build writes into pages (form actions, image sources, absolute links). */
const addresses = { CMS_PUBLIC_URL, CMS_URL, SITE_URL };

let frame: Promise<string> | undefined;
/**
 * What the layout puts around every page: the site settings, the footer's pages, the follower
 * count when the settings show it. Any change to these renders every page again.
 */
function frameDigest(): Promise<string> {
  frame ??= (async () => {
    const settings = await siteSettings();
    const followers = settings.showFollowerCount ? await followerCount() : undefined;
    return valueDigest({ addresses, settings, pages: await allPages(), followers });
  })();
  return frame;
}

/** The key of an HTML page in the site's layout that shows `data`. */
export async function pageKey(data: unknown): Promise<string> {
  return valueDigest([await frameDigest(), data]);
}

/** The key of a file outside the layout (a feed, a share image) made from `data`. */
export function fileKey(data: unknown): string {
  return valueDigest([addresses, data]);
}
