import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { CACHE_DIR, SHARE_CARDS_DIR } from './src/consts';
import { buildInPlace } from './src/integrations/build-in-place';
import { presortedSitemap } from './src/integrations/presorted-sitemap';
import { previewMode } from './src/integrations/preview-mode';
import { shareCards } from './src/integrations/share-cards';

const siteUrl = process.env.SITE_URL ?? 'http://localhost:4321';
// Images are fetched from the CMS at build time (CMS_URL); pages may also point at its public address.
const cmsHosts = [process.env.CMS_URL || 'http://127.0.0.1:1337', process.env.CMS_PUBLIC_URL].filter(Boolean).map((url) => new URL(url!));

export default defineConfig({
  site: siteUrl,
  output: 'static',
  // The content layer's store lives here; tests point it at a temporary folder.
  cacheDir: CACHE_DIR,
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // Images uploaded to the CMS are optimised at build time (sharp): only from the CMS's own host.
  image: { remotePatterns: cmsHosts.map((url) => ({ protocol: url.protocol.replace(':', ''), hostname: url.hostname })) },
  // buildInPlace last: it removes what this build, sitemap included, no longer makes (the share
  // cards' folder is shareCards' own).
  integrations: [
    presortedSitemap(sitemap({ filter: (page) => !/\/(404|follow|thank-you|bookings)\//.test(new URL(page).pathname) })),
    previewMode(process.env.PREVIEW_SECRET),
    shareCards(),
    buildInPlace(process.env.BUILD_IN_PLACE === '1', { leave: [SHARE_CARDS_DIR] }),
  ],
  // Content pages ship no JavaScript; Astro only adds scripts a page asks for.
  prefetch: false,
  // Pages whose getStaticPaths gives a cacheKey (src/lib/cache-keys.ts) are taken from the build
  // cache when neither their key nor their code changed: a publish renders only what it changes.
  // (Astro 7.3 makes reused pages' optimised images with the image service a rendered page
  // loaded: BaseLayout loads it, since every build renders pages in that layout.)
  experimental: { incrementalBuild: true },
  devToolbar: { enabled: false },
  // Scripts always ship as files: the production Content-Security-Policy (web/nginx.conf.template)
  // allows the site's own script files and no inline scripts. Other assets keep Vite's default.
  vite: { build: { assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined) } },
});
