/**
 * Every URL of the site, in one module: pages link with these and the routes in src/pages match
 * them. Posts sit in yearly archives so publishing a post changes the front page and its own
 * year, never every archive page (a small blast radius for rebuilds).
 */
import { SITE_URL } from '../consts';

export const urls = {
  home: () => '/',
  news: () => '/news/',
  newsYear: (year: string | number) => `/news/archive/${year}/`,
  post: (slug: string) => `/news/${slug}/`,
  postImage: (slug: string) => `/og/news/${slug}.png`,
  topics: () => '/topics/',
  topic: (slug: string) => `/topics/${slug}/`,
  topicFeed: (slug: string) => `/topics/${slug}/rss.xml`,
  regions: () => '/regions/',
  region: (slug: string) => `/regions/${slug}/`,
  regionFeed: (slug: string) => `/regions/${slug}/rss.xml`,
  regionCalendar: (slug: string) => `/regions/${slug}/events.ics`,
  events: () => '/events/',
  eventsInRegion: (slug: string) => `/events/region/${slug}/`,
  eventsOfKind: (kind: string) => `/events/kind/${kind}/`,
  event: (slug: string) => `/events/${slug}/`,
  eventCalendar: (slug: string) => `/events/${slug}.ics`,
  eventsCalendar: () => '/events.ics',
  training: () => '/training/',
  course: (slug: string) => `/training/${slug}/`,
  trainingCalendar: () => '/training.ics',
  magazine: () => '/magazine/',
  magazineIssue: (slug: string) => `/magazine/${slug}/`,
  magazineArticle: (issueSlug: string, slug: string) => `/magazine/${issueSlug}/${slug}/`,
  nominationCalls: () => '/nominations/',
  nominationCall: (slug: string) => `/nominations/${slug}/`,
  page: (slug: string) => `/${slug}/`,
  search: () => '/search/',
  feed: () => '/rss.xml',
} as const;

/** Top-level paths owned by sections; a static page may not take one of these slugs. */
export const reservedPageSlugs = new Set(['news', 'topics', 'regions', 'events', 'training', 'magazine', 'nominations', 'search', 'og', 'pagefind', '404']);

/** Absolute URL on this site, for feeds, canonical links and structured data. */
export const absolute = (path: string) => new URL(path, `${SITE_URL}/`).toString();
