/**
 * Every path of the public site, in one module: the site's pages and links use these, and the
 * CMS uses them for draft-preview links. Posts sit in yearly archives so publishing a post
 * changes the front page and its own year, never every archive page (a small blast radius for
 * rebuilds).
 */
import type { ContentTypeName } from './types/index.js';

export const sitePaths = {
  home: () => '/',
  news: () => '/news/',
  newsYear: (year: string | number) => `/news/archive/${year}/`,
  post: (slug: string) => `/news/${slug}/`,
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
  /** Where the follow-by-e-mail steps land (the CMS sends browsers to these). */
  followCheckEmail: () => '/follow/check-your-email/',
  followConfirmed: () => '/follow/confirmed/',
  followLinkExpired: () => '/follow/link-expired/',
  followUnsubscribed: () => '/follow/unsubscribed/',
  followDeleted: () => '/follow/deleted/',
  followProblem: () => '/follow/problem/',
  /** Thank-you pages the CMS sends browsers to after a form is accepted. */
  commentSent: () => '/thank-you/comment/',
  enquirySent: () => '/thank-you/enquiry/',
  nominationSent: () => '/thank-you/nomination/',
  membershipSent: () => '/thank-you/membership/',
  bookingSent: () => '/thank-you/booking/',
  interestSent: () => '/thank-you/interest/',
  bookingCancelled: () => '/bookings/cancelled/',
  bookingLinkNotValid: () => '/bookings/link-not-valid/',
  /** The membership page, with the application form. */
  join: () => '/join/',
  /** The steering group's contact form. */
  contact: () => '/contact/',
  feed: () => '/rss.xml',
} as const;

/** The site path of an entry, for the content types that have a page of their own. */
export function entryPath(name: ContentTypeName, entry: { slug?: string | null }): string | undefined {
  const slug = entry.slug;
  if (!slug) return undefined;
  const byType: Partial<Record<ContentTypeName, (slug: string) => string>> = {
    post: sitePaths.post,
    page: sitePaths.page,
    event: sitePaths.event,
    region: sitePaths.region,
    'training-course': sitePaths.course,
    topic: sitePaths.topic,
    'nomination-call': sitePaths.nominationCall,
    'magazine-issue': sitePaths.magazineIssue,
  };
  return byType[name]?.(slug);
}
