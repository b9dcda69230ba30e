/** Reading a built site's files: pages by URL path, links, JSON-LD. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The file a static host serves for a URL path, or undefined. */
export function fileFor(outDir: string, urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]!);
  const candidates = clean.endsWith('/') ? [path.join(outDir, clean, 'index.html')] : [path.join(outDir, clean), path.join(outDir, clean, 'index.html')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

export const readPage = (outDir: string, urlPath: string) => {
  const file = fileFor(outDir, urlPath);
  if (!file) throw new Error(`no built page for ${urlPath}`);
  return readFileSync(file, 'utf8');
};

export function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'))
    .map((file) => path.join(dir, file));
}

/** href and src values of a page (attributes only, as written). */
export const linksIn = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));

export const jsonLdIn = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) => JSON.parse(match[1]!));
