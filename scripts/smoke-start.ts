/**
 * Proves the README's first command: clones this repository's HEAD into a temporary folder (so
 * nothing is installed or built there yet), runs `npm start` in it as a person would, waits until
 * the CMS lists the nine regions and the site serves the home page, then stops it with Ctrl-C
 * (SIGINT to its process group) and checks that it exits. Bounded: fails after
 * SMOKE_TIMEOUT_SECONDS (default 900). The clone is removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './lib/paths.js';

const timeoutMs = Number(process.env.SMOKE_TIMEOUT_SECONDS ?? 900) * 1000;
const cmsPort = Number(process.env.PORT ?? 1337);
const sitePort = Number(process.env.SITE_PORT ?? 4321);
const started = Date.now();

const work = mkdtempSync(path.join(tmpdir(), 'iro-smoke-'));
const clone = path.join(work, 'clone');
execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
console.log(`smoke: npm start in a fresh clone (${clone})`);

// The environment of a person's shell: without the Node and tools this checkout put on PATH.
const { npm_config_nodedir: _nodedir, ...inherited } = process.env;
const shellEnv = { ...inherited, PATH: (inherited.PATH ?? '').split(path.delimiter).filter((entry) => !entry.startsWith(repoRoot)).join(path.delimiter) };
const child = spawn('npm', ['start'], { cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: shellEnv });
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));

const stopGroup = (signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};

async function check(): Promise<string | undefined> {
  try {
    const regions = (await (await fetch(`http://127.0.0.1:${cmsPort}/api/regions?pagination[pageSize]=100`)).json()) as { data?: unknown[] };
    const home = await fetch(`http://127.0.0.1:${sitePort}/`);
    const html = await home.text();
    if (regions?.data?.length === 9 && home.ok && html.includes('National IRO Managers Partnership')) return undefined;
    return `regions: ${regions?.data?.length}; site: ${home.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}

let failure: string | undefined = 'not started';
while (Date.now() - started < timeoutMs && child.exitCode === null) {
  failure = await check();
  if (!failure) break;
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (failure) {
  stopGroup('SIGKILL');
  console.error(output.split('\n').slice(-40).join('\n'));
  console.error(`smoke: npm start did not come up in ${seconds} s (${failure}).`);
  process.exit(1);
}
console.log(`smoke: npm start served the CMS (9 regions) and the site after ${seconds} s; stopping it with Ctrl-C.`);
if (!/password: \S+/.test(output) && !/editor account created on first start/.test(output)) {
  console.error('smoke: npm start did not print the editor login.');
  stopGroup('SIGKILL');
  process.exit(1);
}
stopGroup('SIGINT');
const exited = await Promise.race([
  new Promise<boolean>((resolve) => child.on('exit', () => resolve(true))),
  new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
]);
if (!exited) {
  stopGroup('SIGKILL');
  console.error('smoke: npm start did not stop within 30 s of Ctrl-C.');
  process.exit(1);
}
console.log('smoke: stopped cleanly.');
