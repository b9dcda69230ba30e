/**
 * `npm run dev`, for contributors: Strapi in develop mode (reloads on CMS changes; the admin with
 * hot reload) and `astro dev` (reloads on site changes) side by side, on the same database and
 * demo content as `npm start`. Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureCmsEnv, readCmsEnv } from './lib/cms-env.js';
import { fail, prepareDatabase, say, waitUntilHealthy } from './lib/cms-setup.js';
import { portIsFree } from './lib/ports.js';
import { cmsDir, repoRoot } from './lib/paths.js';
import { compile } from './lib/run.js';

if (ensureCmsEnv()) say('generated the CMS secrets into cms/.env (kept out of git).');
const env = { ...readCmsEnv(), ...process.env };
const cmsPort = Number(env.PORT ?? 1337);
const sitePort = Number(env.SITE_PORT ?? 4321);
for (const [port, variable] of [[cmsPort, 'PORT'], [sitePort, 'SITE_PORT']] as const) {
  if (!(await portIsFree(port))) fail(`port ${port} is in use: stop that program, or run ${variable}=<free port> npm run dev.`);
}
compile();
const prepared = await prepareDatabase();

/** Runs a child with its output prefixed, so the two logs can be told apart. */
function child(name: string, command: string, args: string[], cwd: string, extraEnv: Record<string, string>): ChildProcess {
  const process_ = spawn(command, args, { cwd, env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `[${name}] ${line}`)
      .join('\n');
  process_.stdout?.on('data', (chunk: Buffer) => console.log(prefix(chunk)));
  process_.stderr?.on('data', (chunk: Buffer) => console.error(prefix(chunk)));
  return process_;
}

const cms = child('cms', 'strapi', ['develop'], cmsDir, { STRAPI_TELEMETRY_DISABLED: 'true', PORT: String(cmsPort) });
await waitUntilHealthy(`http://127.0.0.1:${cmsPort}/_health`, cms, 300_000);
const site = child('site', 'astro', ['dev', '--port', String(sitePort)], `${repoRoot}/site`, { CMS_URL: `http://127.0.0.1:${cmsPort}` });

const children = [cms, site];
const stop = () => {
  for (const running of children) running.kill('SIGINT');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const running of children) running.on('exit', () => children.every((c) => c.exitCode !== null || c.signalCode !== null) && process.exit(0));

console.log(
  [
    '',
    `CMS admin (develop mode): http://localhost:${cmsPort}/admin`,
    prepared.admin ? `  login: ${prepared.admin.email}  password: ${prepared.admin.password} (shown this once)` : '',
    `Site (astro dev):         http://localhost:${sitePort}/  (Astro reads CMS content when it starts: restart to see content edits)`,
    'Press Ctrl-C to stop both.',
  ]
    .filter(Boolean)
    .join('\n'),
);
