/**
 * @astrojs/sitemap sorts its URLs with `a.localeCompare(b, 'en', { numeric: true })`, which makes
 * a new collator for every comparison: at 10,000 posts (10,000 pages, about 140,000 comparisons)
 * that sort alone took about a second of every build, on the publish's path. This hands the
 * sitemap its pages already in that order, sorted once with one shared collator, so its own sort
 * (which still runs, and still decides the order) only walks through them. The sitemap is the same.
 */
import type { AstroIntegration } from 'astro';

export function presortedSitemap(sitemap: AstroIntegration): AstroIntegration {
  const done = sitemap.hooks['astro:build:done'];
  if (!done) return sitemap;
  const collator = new Intl.Collator('en', { numeric: true });
  // The sitemap compares whole URLs; the pages share their site prefix, so their paths sort the same way.
  const path = (pathname: string) => pathname.replace(/^\//, '');
  return {
    ...sitemap,
    hooks: {
      ...sitemap.hooks,
      'astro:build:done': (params) =>
        done({ ...params, pages: [...params.pages].sort((a, b) => collator.compare(path(a.pathname), path(b.pathname))) }),
    },
  };
}
