/**
 * The site builder as a service of its own (the `builder` container; `npm start` runs the same
 * parts in-process). Builds the site on start, on every CMS webhook and every night (dates move
 * on) into SITE_ROOT, whose
 * `current` link a web server serves.
 *
 * Environment: SITE_BUILDER_SECRET (required), CMS_URL, SITE_URL, SITE_ROOT (default
 * .cache/site), ASTRO_CACHE_DIR (default .cache/astro), BUILDER_PORT (default 4322),
 * BUILDER_HOST (default 127.0.0.1; 0.0.0.0 in a container).
 */
import path from 'node:path';
import { astroBuilder } from './builder/astro-build.js';
import { cmsStatusReporter } from './builder/cms-status.js';
import { rebuildDaily } from './builder/daily-rebuild.js';
import { SiteBuilder } from './builder/site-builder.js';
import { startWebhookServer } from './builder/webhook-server.js';
import { repoRoot } from './lib/paths.js';

const log = (line: string) => console.log(`builder: ${line}`);
const secret = process.env.SITE_BUILDER_SECRET ?? '';
if (secret.length < 16) {
  console.error('builder: set SITE_BUILDER_SECRET (16+ characters), the same value the CMS has.');
  process.exit(1);
}

const cmsUrl = process.env.CMS_URL ?? 'http://127.0.0.1:1337';
const builder = new SiteBuilder({
  root: path.resolve(process.env.SITE_ROOT ?? path.join(repoRoot, '.cache', 'site')),
  ...cmsStatusReporter({ cmsUrl, secret, log }),
  ...astroBuilder({
    cmsUrl,
    siteUrl: process.env.SITE_URL ?? 'http://localhost:4321',
    cacheDir: path.resolve(process.env.ASTRO_CACHE_DIR ?? path.join(repoRoot, '.cache', 'astro')),
  }),
  log,
});
const server = await startWebhookServer({
  builder,
  secret,
  port: Number(process.env.BUILDER_PORT ?? 4322),
  host: process.env.BUILDER_HOST ?? '127.0.0.1',
  log,
});
log(`listening on port ${server.port}; building the site`);
builder.request('builder started');
const daily = rebuildDaily(builder, log);

const shutdown = async () => {
  daily.stop();
  await server.close();
  await builder.idle();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
