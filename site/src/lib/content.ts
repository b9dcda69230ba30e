/**
 * The site's queries over the loaded collections: sorting and selection in one place, so every
 * page lists things the same way. "Now" is the build time; the site is rebuilt on publish.
 */
import { getCollection } from 'astro:content';
import { CMS_URL } from '../consts';
import { upcomingSessions as upcomingSessionsOf, type Entry, type PublishedComment } from '@iro/content-types';
import { ukDate } from './dates';
import { entryTexts, textDigestField, textField } from './entry-texts';

export type Post = Entry<'post'>;
export type Event = Entry<'event'>;
export type Course = Entry<'training-course'>;
export type Region = Entry<'region'>;

const dataOf = (entries: { data: unknown }[]) => entries.map((entry) => entry.data);

export async function siteSettings(): Promise<Entry<'site-setting'>> {
  const [settings] = dataOf(await getCollection('siteSettings')) as Entry<'site-setting'>[];
  if (!settings) throw new Error('The CMS has no site settings: fill in Site settings in the admin and publish.');
  return settings;
}

let sortedPosts: Promise<Post[]> | undefined;
/**
 * Newest first, by the post's date, then by title for a stable order; each with its body, which
 * the store keeps outside (`entry-texts.ts`). A build's content does not change while it renders,
 * so the list is made once per build (the draft preview's dev server makes it on every call).
 */
export function allPosts(): Promise<Post[]> {
  const make = async () => {
    const textOf = entryTexts('post');
    const posts = (await getCollection('posts')).map(({ id, data }) => {
      const { [textDigestField]: _digest, ...post } = data as Record<string, unknown>;
      return { ...post, [textField]: textOf(id, data as Record<string, unknown>) } as Post;
    });
    return posts.sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
  };
  const posts = import.meta.env.DEV ? make() : (sortedPosts ??= make());
  // A copy each time: callers may sort or cut the list they get.
  return posts.then((list) => [...list]);
}

export const postYear = (post: Post) => post.date.slice(0, 4);

export async function allEvents(): Promise<Event[]> {
  const events = dataOf(await getCollection('events')) as Event[];
  return events.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}

/** Upcoming events (from today, UK time) soonest first; past events most recent first. */
export function splitEvents(events: Event[], now = new Date()): { upcoming: Event[]; past: Event[] } {
  const today = ukDate(now);
  const isUpcoming = (event: Event) => ukDate(event.endsAt ?? event.startsAt) >= today;
  return { upcoming: events.filter(isUpcoming), past: events.filter((event) => !isUpcoming(event)).reverse() };
}

export async function allRegions(): Promise<Region[]> {
  return (dataOf(await getCollection('regions')) as Region[]).sort((a, b) => a.name.localeCompare(b.name));
}

export async function allCourses(): Promise<Course[]> {
  return (dataOf(await getCollection('trainingCourses')) as Course[]).sort((a, b) => a.title.localeCompare(b.title));
}

/** A course's sessions still to come (the same test the CMS books by), soonest first. */
export const upcomingSessions = (course: Course, now = new Date()) => upcomingSessionsOf(course.sessions, now);

export async function allTopics() {
  return (dataOf(await getCollection('topics')) as Entry<'topic'>[]).sort((a, b) => a.name.localeCompare(b.name));
}

export async function allPages() {
  return dataOf(await getCollection('pages')) as Entry<'page'>[];
}

export async function allIssues() {
  return (dataOf(await getCollection('magazineIssues')) as Entry<'magazine-issue'>[]).sort((a, b) => b.number - a.number);
}

export async function allArticles() {
  return dataOf(await getCollection('magazineArticles')) as Entry<'magazine-article'>[];
}

export async function allNominationCalls() {
  return (dataOf(await getCollection('nominationCalls')) as Entry<'nomination-call'>[]).sort((a, b) =>
    b.closesAt.localeCompare(a.closesAt),
  );
}

/** Approved comments by the slug of their post, each post's oldest first. */
export async function commentsByPost(): Promise<Map<string, PublishedComment[]>> {
  const comments = (dataOf(await getCollection('comments')) as PublishedComment[]).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const byPost = new Map<string, PublishedComment[]>();
  for (const comment of comments) byPost.set(comment.post, [...(byPost.get(comment.post) ?? []), comment]);
  return byPost;
}

export const eventKindLabels: Record<Event['kind'], string> = {
  'regional-meeting': 'Regional meeting',
  'national-meeting': 'National meeting',
  'network-meeting': 'Network meeting',
  'campaign-meeting': 'Campaign meeting',
  conference: 'Conference',
  'learning-event': 'Learning event',
  'open-morning': 'Open morning',
};

let followers: Promise<number | undefined> | undefined;
/** Confirmed e-mail followers, read once per build; undefined when the CMS cannot say. */
export function followerCount(): Promise<number | undefined> {
  followers ??= fetch(`${CMS_URL}/api/forms/followers`)
    .then((response) => (response.ok ? (response.json() as Promise<{ followers: number }>) : undefined))
    .then((body) => body?.followers)
    .catch(() => undefined);
  return followers;
}
