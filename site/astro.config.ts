import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { searchIndex } from './src/integrations/search-index';

const siteUrl = process.env.SITE_URL ?? 'http://localhost:4321';
const cmsUrl = new URL(process.env.CMS_PUBLIC_URL || process.env.CMS_URL || 'http://127.0.0.1:1337');

export default defineConfig({
  site: siteUrl,
  output: 'static',
  // The content layer's store lives here; tests point it at a temporary folder.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // Images uploaded to the CMS are optimised at build time (sharp): only from the CMS's own host.
  image: { remotePatterns: [{ protocol: cmsUrl.protocol.replace(':', ''), hostname: cmsUrl.hostname }] },
  integrations: [sitemap({ filter: (page) => !page.endsWith('/404/') }), searchIndex()],
  // Content pages ship no JavaScript; Astro only adds scripts a page asks for.
  prefetch: false,
  devToolbar: { enabled: false },
});
