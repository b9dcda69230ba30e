/**
 * The picture shown when a post is shared (Open Graph, 1200×630), drawn at build time: an SVG
 * with the title and site name, rendered to PNG by sharp. Rendering is most of a build's page
 * time, so each PNG is kept in the build cache under a hash of its SVG and reused while the
 * post's title, date and the site's name stay the same.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRoute } from 'astro';
import sharp from 'sharp';
import { fileKey } from '../../../lib/cache-keys';
import { allPosts, siteSettings, type Post } from '../../../lib/content';
import { formatDate } from '../../../lib/dates';

export async function getStaticPaths() {
  const { shortName } = await siteSettings();
  return (await allPosts()).map((post) => ({
    params: { slug: post.slug },
    props: { post },
    // What the picture shows: the title, the date and the site's name.
    cacheKey: fileKey([post.title, post.date, shortName]),
  }));
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

const cacheDir = path.join(process.env.ASTRO_CACHE_DIR ?? path.join(process.cwd(), 'node_modules', '.astro'), 'og-images');

async function cachedPng(svg: string): Promise<Buffer> {
  const file = path.join(cacheDir, `${createHash('sha256').update(svg).digest('hex')}.png`);
  try {
    return readFileSync(file);
  } catch {
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, png);
    return png;
  }
}

export const GET: APIRoute = async ({ props }) => {
  const { post } = props as { post: Post };
  const settings = await siteSettings();
  const lines = wrap(post.title, 30, 4);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#0d5c52"/>
  <rect x="0" y="600" width="1200" height="30" fill="#ffd43b"/>
  <text x="80" y="110" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" font-weight="700" fill="#ffffff">${escapeXml(settings.shortName)}</text>
  ${lines.map((line, i) => `<text x="80" y="${230 + i * 76}" font-family="DejaVu Sans, Arial, sans-serif" font-size="62" font-weight="700" fill="#ffffff">${escapeXml(line)}</text>`).join('\n  ')}
  <text x="80" y="555" font-family="DejaVu Sans, Arial, sans-serif" font-size="30" fill="#ffffff">${escapeXml(formatDate(post.date))}</text>
</svg>`;
  return new Response(new Uint8Array(await cachedPng(svg)), { headers: { 'Content-Type': 'image/png' } });
};
