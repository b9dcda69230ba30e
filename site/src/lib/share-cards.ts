/**
 * The picture shown when a post is shared (Open Graph, 1200×630): an SVG with the post's title and
 * date and the site's short name, drawn into a PNG by sharp. One module owns the drawing, the
 * file's name and the list of cards a build makes:
 *
 * - A card's file name holds a digest of its SVG (`/og/news/<slug>.<digest>.png`): a new title
 *   gives a new address, so sharing sites fetch the new picture and the web server may cache
 *   cards for good, and a card already in the output folder under its name is the right one.
 * - The cards are not pages: the post's page names its card (`shareCardPath`), and the
 *   `shareCards` integration (`src/integrations/share-cards.ts`) makes the missing ones once the
 *   pages are built, from the list the content sync writes here (`recordCardPosts`,
 *   `recordCardSite`). At 10,000 posts, as an endpoint route, they were half of the pages Astro
 *   listed, keyed and checked against its cache at every publish.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, SHARE_CARDS_DIR } from '../consts';
import { formatDate } from './dates';
import { digest } from './digest';

/** What a card shows of its post. */
export interface CardPost {
  slug: string;
  title: string;
  /** The post's date, ISO (YYYY-MM-DD). */
  date: string;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Greedy word wrap into at most `maxLines` lines of about `width` characters. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if ((line + ' ' + word).trim().length > width && line) {
      lines.push(line);
      line = word;
    } else line = (line + ' ' + word).trim();
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = `${lines[maxLines - 1]!.replace(/\s*\S*$/, '')}…`;
  }
  return lines;
}

/** The card of `post` as SVG. */
export function shareCardSvg(post: CardPost, shortName: string): string {
  const lines = wrap(post.title, 30, 4);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#0d5c52"/>
  <rect x="0" y="600" width="1200" height="30" fill="#ffd43b"/>
  <text x="80" y="110" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" font-weight="700" fill="#ffffff">${escapeXml(shortName)}</text>
  ${lines.map((line, i) => `<text x="80" y="${230 + i * 76}" font-family="DejaVu Sans, Arial, sans-serif" font-size="62" font-weight="700" fill="#ffffff">${escapeXml(line)}</text>`).join('\n  ')}
  <text x="80" y="555" font-family="DejaVu Sans, Arial, sans-serif" font-size="30" fill="#ffffff">${escapeXml(formatDate(post.date))}</text>
</svg>`;
}

/** The card's file name in `SHARE_CARDS_DIR`, from its SVG: another picture, another name. */
export const shareCardFile = (post: CardPost, svg: string) => `${post.slug}.${digest(svg).slice(0, 16)}.png`;

/** The path of the card of `post` on the site, for its page's meta tags and structured data. */
export const shareCardPath = (post: CardPost, shortName: string) => `/${SHARE_CARDS_DIR}/${shareCardFile(post, shareCardSvg(post, shortName))}`;

/** What the content sync records for the integration: every published post's card fields, and the site's short name. */
const sourcesFolder = path.join(CACHE_DIR, 'share-cards');
const postsFile = path.join(sourcesFolder, 'posts.json');
const siteFile = path.join(sourcesFolder, 'site.json');

/** Written through a temporary file and a rename: a reader never sees half of it. */
function writeWhole(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(value));
  renameSync(temporary, file);
}

/** Called by the posts' sync with every post it stored. */
export function recordCardPosts(posts: Iterable<CardPost>): void {
  writeWhole(postsFile, [...posts].map(({ slug, title, date }) => ({ slug, title, date })));
}

/** Called by the site settings' sync. */
export function recordCardSite(settings: { shortName: string } | undefined): void {
  writeWhole(siteFile, { shortName: settings?.shortName ?? '' });
}

/** The cards this build's content asks for; throws, saying what to do, when the sync left no list. */
export function readCardSources(): { posts: CardPost[]; shortName: string } {
  try {
    const posts = JSON.parse(readFileSync(postsFile, 'utf8')) as CardPost[];
    const { shortName } = JSON.parse(readFileSync(siteFile, 'utf8')) as { shortName: string };
    return { posts, shortName };
  } catch (error) {
    throw new Error(`Share cards: the content sync left no list of posts in ${sourcesFolder} (${(error as Error).message}). Run the build again.`);
  }
}
