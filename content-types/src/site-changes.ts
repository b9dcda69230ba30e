import { contentTypes } from './types/index.js';

/**
 * Which changes in the CMS visitors can see, so which of Strapi's webhooks rebuild the site. The
 * CMS sends the builder only these (Strapi's webhook carries the whole entry, and a visitor's
 * enquiry or subscription is nobody else's business), and the builder checks them again.
 */

const publicUids = new Set(
  Object.values(contentTypes)
    .filter((definition) => definition.audience === 'public')
    .map((definition) => `api::${definition.singularName}.${definition.singularName}`),
);

/** What Strapi's webhooks (and its event hub) say about a change. */
export interface StrapiChange {
  event?: string;
  uid?: string;
  model?: string;
  entry?: { publishedAt?: string | null; slug?: string; documentId?: string; rebuildRequested?: boolean; status?: string; doNotPublish?: boolean };
}

/** Why this change should rebuild the site, or undefined when visitors cannot see it. */
export function rebuildReason(change: StrapiChange): string | undefined {
  const { event = '', uid = '', entry } = change;
  if (event.startsWith('media.')) return event;
  // A comment moderated (approved, rejected, deleted) changes what posts show. A new one is held,
  // unless the site settings approve returning commenters at once and it may be published.
  if (uid === 'api::comment.comment') {
    if (event !== 'entry.create') return `${event} comment (moderation)`;
    return entry?.status === 'approved' && !entry.doNotPublish ? 'entry.create comment (approved at once)' : undefined;
  }
  // An editor ticked "Rebuild now" on the Site build entry in the admin.
  if (uid === 'api::site-build.site-build') return entry?.rebuildRequested ? 'rebuild requested in the admin' : undefined;
  if (!event.startsWith('entry.') || !publicUids.has(uid)) return undefined;
  // Saving a draft changes nothing public; publishing, unpublishing and deleting do.
  if ((event === 'entry.update' || event === 'entry.create') && !entry?.publishedAt) return undefined;
  if (event === 'entry.draft-discard') return undefined;
  return `${event} ${change.model ?? uid}${entry?.slug ? ` "${entry.slug}"` : ''}`;
}
