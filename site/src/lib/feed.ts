/** RSS 2.0 feeds of posts (site-wide, per region, per topic) with @astrojs/rss. */
import rss from '@astrojs/rss';
import type { Entry } from '@iro/content-types';
import { FEED_SIZE, SITE_URL } from '../consts';
import { formatDate } from './dates';
import { renderMarkdown, summary } from './markdown';
import { absolute, urls } from './urls';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "Source: ADCS, 14 December 2022" as shown on pages and in feeds. */
export function sourceLine(source: NonNullable<Entry<'post'>['source']>): string {
  return `Source: ${source.organisation}${source.publishedOn ? `, ${formatDate(source.publishedOn)}` : ''}`;
}

export function postsFeed(options: { title: string; description: string; path: string; posts: Entry<'post'>[] }): Promise<Response> {
  return rss({
    title: options.title,
    description: options.description,
    site: SITE_URL,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>en-gb</language><atom:link href="${escapeXml(absolute(options.path))}" rel="self" type="application/rss+xml"/>`,
    items: options.posts.slice(0, FEED_SIZE).map((post) => ({
      title: post.title,
      link: urls.post(post.slug),
      pubDate: new Date(`${post.date}T12:00:00Z`),
      description: summary(post.excerpt, post.body),
      content: (post.source ? `<p>${escapeXml(sourceLine(post.source))}</p>` : '') + renderMarkdown(post.body),
      categories: post.topics.map((topic) => topic.name),
      // RSS's <source> names the feed an item came from; it needs a URL, so only linked sources get one.
      ...(post.source?.url ? { customData: `<source url="${escapeXml(post.source.url)}">${escapeXml(post.source.organisation)}</source>` } : {}),
    })),
  });
}
