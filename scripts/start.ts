/**
 * `npm start`: the demo on a fresh clone. Compiles the CMS, builds its admin panel only when
 * its sources changed, seeds the demo content into an empty database, creates the first editor
 * login (printed once), runs the CMS, builds the site and serves it, and rebuilds it whenever
 * an editor publishes (Strapi's webhooks → the site builder). Ctrl-C stops everything.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureCmsEnv, readCmsEnv } from './lib/cms-env.js';
import { buildAdminIfChanged, fail, prepareDatabase, say, waitUntilHealthy } from './lib/cms-setup.js';
import { portIsFree } from './lib/ports.js';
import { astroBuilder } from './builder/astro-build.js';
import { cmsStatusReporter } from './builder/cms-status.js';
import { rebuildDaily } from './builder/daily-rebuild.js';
import { SiteBuilder } from './builder/site-builder.js';
import { startWebhookServer } from './builder/webhook-server.js';
import { cmsDir, repoRoot } from './lib/paths.js';
import { startMailCatcher } from './lib/mail-catcher.js';
import { compile } from './lib/run.js';
import { serveStatic } from './lib/static-server.js';

if (ensureCmsEnv()) say('generated the CMS secrets into cms/.env (kept out of git).');
const env = { ...readCmsEnv(), ...process.env };
const cmsPort = Number(env.PORT ?? 1337);
const sitePort = Number(env.SITE_PORT ?? 4321);
const builderPort = Number(env.BUILDER_PORT ?? 4322);
const previewPort = Number(env.PREVIEW_PORT ?? 4323);
const mailUiPort = Number(env.MAIL_UI_PORT ?? 4324);
// The demo's mail stays here: a local SMTP server keeps it and shows it on a page (unless a real relay is set).
const useMailCatcher = !env.SMTP_HOST;
const cmsUrl = `http://localhost:${cmsPort}`;
const siteUrl = env.SITE_URL ?? `http://localhost:${sitePort}`;

for (const [port, variable] of [[cmsPort, 'PORT'], [sitePort, 'SITE_PORT'], [builderPort, 'BUILDER_PORT'], [previewPort, 'PREVIEW_PORT'], ...(useMailCatcher ? [[mailUiPort, 'MAIL_UI_PORT'] as const] : [])] as const) {
  if (!(await portIsFree(port))) {
    fail(`port ${port} is in use (another npm start?): stop that program, or run ${variable}=<free port> npm start.`);
  }
}
compile();
buildAdminIfChanged();
const prepared = await prepareDatabase();

const mail = useMailCatcher ? await startMailCatcher({ saveTo: path.join(repoRoot, '.cache', 'mail') }) : undefined;
const inboxUrl = mail ? await mail.serveInbox(mailUiPort) : undefined;

say(`starting the CMS on ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'SQLite (cms/.tmp/data.db)'}...`);
const cms = spawn('strapi', ['start'], {
  cwd: cmsDir,
  // production: the Content-Type Builder is off (the model lives in content-types/), no dev-only warnings.
  env: {
    NODE_ENV: 'production',
    ...process.env,
    STRAPI_TELEMETRY_DISABLED: 'true',
    PORT: String(cmsPort),
    SITE_BUILDER_URL: `http://127.0.0.1:${builderPort}/webhook`,
    PREVIEW_URL: `http://localhost:${previewPort}`,
    SITE_URL: siteUrl,
    CMS_PUBLIC_URL: env.CMS_PUBLIC_URL || cmsUrl,
    ...(mail ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort) } : {}),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

const closers: (() => Promise<void>)[] = mail ? [mail.close] : [];
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  void Promise.all(closers.map((close) => close().catch(() => {}))).finally(() => cms.kill(signal));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
cms.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 1)));

await waitUntilHealthy(`http://127.0.0.1:${cmsPort}/_health`, cms, 120_000);

// The site: built by the builder into .cache/site, served from its `current` link.
const builder = new SiteBuilder({
  root: path.join(repoRoot, '.cache', 'site'),
  ...astroBuilder({ cmsUrl: `http://127.0.0.1:${cmsPort}`, siteUrl, cacheDir: path.join(repoRoot, '.cache', 'astro') }),
  log: say,
  ...cmsStatusReporter({ cmsUrl: `http://127.0.0.1:${cmsPort}`, secret: env.SITE_BUILDER_SECRET!, log: say }),
});
const hooks = await startWebhookServer({ builder, secret: env.SITE_BUILDER_SECRET!, port: builderPort, log: say });
closers.push(hooks.close);
const daily = rebuildDaily(builder, say);
closers.push(async () => daily.stop());
const hadSite = existsSync(builder.currentDir);
builder.request(hadSite ? 'npm start (content may have changed while stopped)' : 'npm start: first build');
if (!hadSite) {
  say('building the site...');
  await builder.idle();
}
const site = await serveStatic(builder.currentDir, { port: sitePort, host: '0.0.0.0' });
closers.push(site.close);

// Draft preview: the site's own pages rendered on request from drafts (astro dev in preview mode).
const preview = spawn('astro', ['dev', '--port', String(previewPort)], {
  cwd: path.join(repoRoot, 'site'),
  env: { ...process.env, CMS_URL: `http://127.0.0.1:${cmsPort}`, CMS_PREVIEW_TOKEN: prepared.previewToken, PREVIEW_SECRET: env.PREVIEW_SECRET, ASTRO_CACHE_DIR: path.join(repoRoot, '.cache', 'astro-preview') },
  stdio: 'ignore',
});
closers.push(async () => void preview.kill('SIGINT'));

const lines = [
  '',
  `CMS admin:   ${cmsUrl}/admin`,
  prepared.admin
    ? `  login:     ${prepared.admin.email}  password: ${prepared.admin.password}\n` +
      '             (shown this once: note it now; reset it with npm run admin:reset-password)'
    : '  login:     the editor account created on first start (reset: npm run admin:reset-password)',
  `Content API: ${cmsUrl}/api/regions  (public, read-only, published content)`,
  `Site:        http://localhost:${sitePort}/  (rebuilt within seconds of each publish; builds are logged here)`,
  inboxUrl ? `Mail:        ${inboxUrl}  (every e-mail the CMS sends: confirming a follow, new posts to followers, …; also saved in .cache/mail)` : `Mail:        sent through ${env.SMTP_HOST}`,
  `Preview:     the admin's "Open preview" on a draft shows it at http://localhost:${previewPort}/ (drafts, not indexed)`,
  builder.lastFailure && !builder.lastSuccess ? `  The first site build failed: ${builder.lastFailure.error}` : '',
  prepared.seeded ? 'Demo content loaded from cms/demo-content.' : '',
  'Press Ctrl-C to stop.',
  '',
];
console.log(lines.filter((line) => line !== '').join('\n'));
