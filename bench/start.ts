/**
 * `npm start` benchmark: how long a person waits after typing `npm start` in a fresh clone, the
 * first time and the second time.
 *
 *   bash scripts/node.sh tsx bench/start.ts [--timeout-min 20] [--seed-node] [--no-workaround]
 *                                           [--keep] [--logs]
 *
 * 1. Ports 1337, 4321, 4322, 4323 and 4324 (npm start's CMS, site, builder, draft preview and
 *    mail inbox) must be free: if one is in use, the benchmark says which (and what holds it)
 *    and exits non-zero, stopping nothing.
 * 2. `git clone -q <this checkout> <tmp>/clone`: the committed HEAD, not uncommitted changes.
 * 3. In the clone, `npm start` runs as a detached child (its own process group) with the
 *    environment of a plain shell: this checkout's Node 24 and node_modules/.bin are taken off
 *    PATH and npm's own variables are dropped, so the clone finds the system Node and npm as a
 *    person's shell would. The npm cache (~/.npm) is whatever this machine has: warm when the
 *    project was installed here before. The time counted is from spawning `npm start` until both
 *    http://127.0.0.1:1337/api/regions lists the 9 regions and http://127.0.0.1:4321/ answers
 *    200 (polled every second), served by this npm start's processes (if another program takes
 *    the ports meanwhile, the start is reported as failed). A first start includes fetching
 *    Node 24 into .cache/node (on a machine whose Node is older than 22.12), `npm install`,
 *    compiling, the admin panel build, the demo content seed and the first site build.
 * 4. Ctrl-C: SIGINT to the process group; the time until npm exits and the group is gone.
 * 5. `npm start` again in the same clone (data, node_modules, caches kept), measured the same
 *    way, and stopped the same way.
 * If the first start stops because the content model is not compiled (content-types/dist
 * missing: npm start imports it before it compiles), the benchmark says so, runs
 * `bash scripts/node.sh tsc -b content-types` in the clone (timed) and starts again; the figures
 * show the failed attempt, the workaround and the start after it (--no-workaround: stop there).
 * Printed: the times, what each start said and when, the stop times, and how busy the rest of
 * the machine was meanwhile. --seed-node copies this checkout's .cache/node into the clone first
 * (no Node fetch; the output says so). --keep leaves the clone; --logs writes each start's output
 * next to the JSON figures in bench/results/start-<timestamp>.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendantsOf, machineBusySeconds } from './support/measure';
import { readOptions } from './support/cli';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(benchDir, '..');

const ports = [
  { port: 1337, what: 'the CMS' },
  { port: 4321, what: 'the site' },
  { port: 4322, what: 'the builder' },
  { port: 4323, what: 'the draft preview' },
  // npm start also checks this one (its mail catcher's inbox page) unless SMTP_HOST is set.
  { port: 4324, what: 'the mail inbox' },
];
const regionsUrl = 'http://127.0.0.1:1337/api/regions?pagination[pageSize]=100';
const siteUrl = 'http://127.0.0.1:4321/';

interface Options {
  timeoutMs: number;
  seedNode: boolean;
  /** When the first start fails because the content model is not compiled, compile it and start again. */
  workaround: boolean;
  keep: boolean;
  logs: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { timeoutMs: 20 * 60_000, seedNode: false, workaround: true, keep: false, logs: false };
  const given = readOptions(
    argv,
    { 'timeout-min': { type: 'string' }, 'seed-node': { type: 'boolean' }, keep: { type: 'boolean' }, workaround: { type: 'boolean' }, logs: { type: 'boolean' } },
    import.meta.url,
  );
  if (given['timeout-min'] !== undefined) {
    options.timeoutMs = Number(given['timeout-min']) * 60_000;
    if (!(options.timeoutMs > 0)) throw new Error('--timeout-min takes a positive number');
  }
  if (given['seed-node'] !== undefined) options.seedNode = given['seed-node'];
  if (given.keep !== undefined) options.keep = given.keep;
  if (given.workaround !== undefined) options.workaround = given.workaround;
  if (given.logs !== undefined) options.logs = given.logs;
  return options;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * npm start imports the site builder (which imports the compiled content model,
 * content-types/dist) before it compiles anything: on a clone where nothing compiled it yet, it
 * stops at once with ERR_MODULE_NOT_FOUND.
 */
const missingCompiledModel = (result: StartResult) =>
  result.lines.some((line) => /content-types\/dist\/index\.js/.test(line.text)) && result.lines.some((line) => /ERR_MODULE_NOT_FOUND/.test(line.text));

// ---------------------------------------------------------------------------------------------
// Ports

/** True when nothing listens on the port (npm start listens on 0.0.0.0, so that is what is tried). */
function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

/** Pids listening on a port, from `ss` (empty when nothing listens, or when `ss` cannot tell). */
function listenerPids(port: number): number[] {
  const result = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return [...new Set([...(result.stdout ?? '').matchAll(/pid=(\d+)/g)].map((match) => Number(match[1])))];
}

/** Who listens on a port, from `ss`, when it can tell. */
function holderOf(port: number): string {
  const result = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const users = [...(result.stdout ?? '').matchAll(/users:\(\((.*?)\)\)/g)].map((match) => match[1]);
  return users.length > 0 ? users.join('; ') : 'unknown process';
}

async function busyPorts(): Promise<string[]> {
  const busy: string[] = [];
  for (const { port, what } of ports) {
    if (!(await listenable(port)) || (await answers(port))) busy.push(`${port} (${what}'s port) is in use by ${holderOf(port)}`);
  }
  return busy;
}

// ---------------------------------------------------------------------------------------------
// The environment of a plain shell

/** Variables that would change what npm start does, dropped so the clone runs with its defaults. */
const projectVariables = [
  'PORT', 'HOST', 'SITE_PORT', 'BUILDER_PORT', 'PREVIEW_PORT', 'DATABASE_URL', 'DATABASE_FILENAME', 'SITE_URL', 'CMS_URL',
  'ASTRO_CACHE_DIR', 'SITE_BUILDER_URL', 'SITE_BUILDER_SECRET', 'PREVIEW_URL', 'PREVIEW_SECRET', 'CMS_PREVIEW_TOKEN', 'IRO_SKIP_INSTALL',
  'MAIL_UI_PORT', 'SMTP_HOST', 'SMTP_PORT', 'INIT_CWD', 'NODE', 'NODE_ENV',
];

function plainShellEnv(): { env: NodeJS.ProcessEnv; dropped: string[] } {
  const env: NodeJS.ProcessEnv = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || projectVariables.includes(key)) {
      if (!/^npm_/i.test(key)) dropped.push(key);
      continue;
    }
    env[key] = value;
  }
  // scripts/node.sh put this checkout's Node 24 and node_modules/.bin first: a fresh shell has neither.
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => dir !== '' && dir !== rootDir && !dir.startsWith(`${rootDir}/`))
    .join(':');
  return { env, dropped };
}

// ---------------------------------------------------------------------------------------------
// One start

interface Line {
  atMs: number;
  text: string;
}

interface StartResult {
  ok: boolean;
  error?: string;
  /** Another program (not this npm start) listened on 1337 or 4321 during the start. */
  foreignListener?: string;
  /** Spawn → npm start exited by itself before it was ready (within a second). */
  exitedMs?: number;
  /** Spawn → both the 9 regions and the site's home page answered. */
  readyMs?: number;
  cmsReadyMs?: number;
  siteReadyMs?: number;
  /** SIGINT → npm exited; and → no process of the group left. */
  stopMs?: number;
  groupGoneMs?: number;
  killedAfterStop?: boolean;
  /** CPU seconds of the start's process tree until ready, and of the rest of the machine meanwhile. */
  cpuS?: number;
  otherCpuS?: number | null;
  fetchedNode: boolean;
  ranNpmInstall: boolean;
  builtAdmin: boolean;
  seeded: boolean;
  /** Second start: the background rebuild npm start asks for, finished before the stop (ms after spawn). */
  rebuildLiveMs?: number;
  /** What the start said (lines from npm start and scripts/node.sh), with their times. */
  milestones: Line[];
  lines: Line[];
}

/** CPU seconds (user + system, with waited-for children) of a process tree, from /proc. */
function treeCpuSeconds(root: number): number {
  let ticks = 0;
  for (const pid of descendantsOf(root)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      for (const value of fields.slice(11, 15)) ticks += Number(value) || 0;
    } catch {
      // Gone.
    }
  }
  return ticks / 100;
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

async function check(): Promise<{ cms: boolean; site: boolean }> {
  const cms = await fetch(regionsUrl, { signal: AbortSignal.timeout(3000) })
    .then(async (response) => response.ok && ((await response.json()) as { data?: unknown[] }).data?.length === 9)
    .catch(() => false);
  const site = await fetch(siteUrl, { signal: AbortSignal.timeout(3000) })
    .then(async (response) => {
      await response.arrayBuffer();
      return response.status === 200;
    })
    .catch(() => false);
  return { cms, site };
}

let running: ChildProcess | undefined;

async function stopGroup(child: ChildProcess, result: StartResult): Promise<void> {
  const pgid = child.pid!;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopAt = performance.now();
  try {
    process.kill(-pgid, 'SIGINT');
  } catch {
    // Already gone.
  }
  const inTime = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (inTime) result.stopMs = Math.round(performance.now() - stopAt);
  const until = performance.now() + 30_000;
  while (groupAlive(pgid) && performance.now() < until) await sleep(200);
  if (groupAlive(pgid) || !inTime) {
    result.killedAfterStop = true;
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
    await Promise.race([exited, sleep(10_000)]);
  } else result.groupGoneMs = Math.round(performance.now() - stopAt);
  const rebuild = result.lines.findIndex((line) => /content may have changed while stopped/.test(line.text));
  if (rebuild >= 0) {
    const live = result.lines.slice(rebuild + 1).find((line) => /site build \S+ is live/.test(line.text));
    if (live) result.rebuildLiveMs = Math.round(live.atMs);
  }
}

async function startOnce(clone: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<StartResult> {
  const result: StartResult = { ok: false, fetchedNode: false, ranNpmInstall: false, builtAdmin: false, seeded: false, milestones: [], lines: [] };
  const busyBefore = machineBusySeconds();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  const collect = (stream: NodeJS.ReadableStream) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const atMs = Math.round(performance.now() - started);
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      for (const text of parts) result.lines.push({ atMs, text });
    });
    stream.on('end', () => {
      if (pending) result.lines.push({ atMs: Math.round(performance.now() - started), text: pending });
    });
  };
  collect(child.stdout!);
  collect(child.stderr!);

  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      result.exitedMs = Math.round(performance.now() - started);
      await sleep(200); // the last output
      const last = result.lines.map((line) => line.text.trim()).filter((text) => text !== '' && !/^at /.test(text)).slice(-4);
      result.error = `npm start exited (${child.exitCode ?? child.signalCode}) before it was ready: ${last.join(' | ')}`;
      break;
    }
    const state = await check();
    const at = Math.round(performance.now() - started);
    // What answers must be this npm start, not another one that took the ports meanwhile.
    const ours = new Set(descendantsOf(child.pid!));
    const foreign = [1337, 4321].flatMap((port) => {
      const pids = listenerPids(port);
      return pids.some((pid) => !ours.has(pid)) ? [`port ${port} is held by ${holderOf(port)}, not by this npm start`] : [];
    });
    if (foreign.length > 0) {
      result.foreignListener = foreign.join('; ');
      result.error = `another program took npm start's ports while it started (${result.foreignListener}); the time would be someone else's`;
      break;
    }
    if (state.cms && result.cmsReadyMs === undefined) result.cmsReadyMs = at;
    if (state.site && result.siteReadyMs === undefined) result.siteReadyMs = at;
    if (state.cms && state.site) {
      result.readyMs = at;
      result.ok = true;
      break;
    }
    await sleep(1000);
  }
  if (!result.ok && !result.error) result.error = `not ready within ${seconds(timeoutMs)} s`;
  if (child.pid !== undefined && child.exitCode === null) {
    result.cpuS = Math.round(treeCpuSeconds(child.pid) * 10) / 10;
    const own = process.cpuUsage(ownBefore);
    const other = machineBusySeconds() - busyBefore - result.cpuS - (own.user + own.system) / 1e6;
    result.otherCpuS = Number.isNaN(other) ? null : Math.max(0, Math.round(other * 10) / 10);
  }
  await stopGroup(child, result);
  running = undefined;

  const text = result.lines.map((line) => line.text).join('\n');
  result.fetchedNode = /fetching Node/.test(text);
  result.ranNpmInstall = /installing dependencies \(npm install\)/.test(text);
  result.builtAdmin = /building the admin panel/.test(text);
  result.seeded = /loading the demo content/.test(text);
  result.milestones = result.lines.filter((line) => /^iro-network: /.test(line.text)).map((line) => ({ atMs: line.atMs, text: line.text.replace(/password: \S+/, 'password: ***') }));
  return result;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();

  const busy = await busyPorts();
  if (busy.length > 0) {
    console.error(`npm start needs ports ${ports.map((entry) => entry.port).join(', ')} free; nothing was started or stopped:`);
    for (const line of busy) console.error(`  port ${line}`);
    return 1;
  }

  const git = (args: string[], cwd = rootDir) => spawnSync('git', args, { cwd, encoding: 'utf8' }).stdout?.trim() ?? '';
  const uncommitted = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  const work = mkdtempSync(path.join(tmpdir(), 'iro-bench-start-'));
  const clone = path.join(work, 'clone');
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    const child = running;
    if (child?.pid !== undefined && groupAlive(child.pid)) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch {
        // Gone.
      }
      const until = performance.now() + 20_000;
      while (groupAlive(child.pid) && performance.now() < until) await sleep(200);
      if (groupAlive(child.pid)) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
    }
    if (options.keep) log(`the clone is kept in ${clone}`);
    else rmSync(work, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping npm start and removing ${work}`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const { env, dropped } = plainShellEnv();
  const npmVersion = spawnSync('npm', ['--version'], { env, encoding: 'utf8' }).stdout?.trim();
  const nodeVersion = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout?.trim();
  const npmCache = spawnSync('npm', ['config', 'get', 'cache'], { env, encoding: 'utf8' }).stdout?.trim();

  const starts: { first?: StartResult; firstAgain?: StartResult; second?: StartResult } = {};
  let workaround: { command: string; ms: number; ok: boolean; output: string } | undefined;
  let cloneMs = 0;
  let commit = '';
  try {
    log(`cloning ${rootDir} into ${clone}...`);
    const cloneStarted = performance.now();
    const cloned = spawnSync('git', ['clone', '-q', rootDir, clone], { encoding: 'utf8' });
    if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
    cloneMs = performance.now() - cloneStarted;
    commit = git(['rev-parse', '--short', 'HEAD'], clone);
    if (options.seedNode && existsSync(path.join(rootDir, '.cache', 'node'))) {
      cpSync(path.join(rootDir, '.cache', 'node'), path.join(clone, '.cache', 'node'), { recursive: true });
      log('copied this checkout\'s .cache/node into the clone (--seed-node): the first start does not fetch Node');
    }

    log(`first npm start (fresh clone; system node ${nodeVersion}, npm ${npmVersion}, npm cache ${npmCache})...`);
    starts.first = await startOnce(clone, env, options.timeoutMs);
    log(starts.first.ok ? `  ready after ${seconds(starts.first.readyMs!)} s; stopped in ${seconds(starts.first.stopMs ?? NaN)} s` : `  FAILED: ${starts.first.error}`);

    const portsFreeAgain = async (after: string) => {
      const until = performance.now() + 30_000;
      let stillBusy = await busyPorts();
      while (stillBusy.length > 0 && performance.now() < until) {
        await sleep(500);
        stillBusy = await busyPorts();
      }
      if (stillBusy.length > 0) throw new Error(`after ${after}, ports are still in use: ${stillBusy.join('; ')}`);
    };
    if (!starts.first.ok && options.workaround && missingCompiledModel(starts.first)) {
      const command = 'bash scripts/node.sh tsc -b content-types';
      log(`  the first start stopped on the uncompiled content model (content-types/dist); workaround: \`${command}\` in the clone, then npm start again`);
      const compileStarted = performance.now();
      const compiled = spawnSync('bash', ['scripts/node.sh', 'tsc', '-b', 'content-types'], { cwd: clone, env, encoding: 'utf8' });
      workaround = { command, ms: Math.round(performance.now() - compileStarted), ok: compiled.status === 0, output: `${compiled.stdout}${compiled.stderr}`.trim() };
      if (workaround.ok) {
        await portsFreeAgain('the first npm start stopped');
        log('first npm start, again after the workaround...');
        starts.firstAgain = await startOnce(clone, env, options.timeoutMs);
        log(starts.firstAgain.ok ? `  ready after ${seconds(starts.firstAgain.readyMs!)} s; stopped in ${seconds(starts.firstAgain.stopMs ?? NaN)} s` : `  FAILED: ${starts.firstAgain.error}`);
      } else log(`  the workaround failed: ${workaround.output.slice(-500)}`);
    }

    if (starts.first.ok || starts.firstAgain?.ok) {
      await portsFreeAgain('the first npm start stopped');
      log('second npm start (same clone)...');
      starts.second = await startOnce(clone, env, options.timeoutMs);
      log(starts.second.ok ? `  ready after ${seconds(starts.second.readyMs!)} s; stopped in ${seconds(starts.second.stopMs ?? NaN)} s` : `  FAILED: ${starts.second.error}`);
    }
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  // Report
  const out: string[] = [];
  out.push(`npm start benchmark: fresh clone of ${commit}${uncommitted ? ' (this checkout has uncommitted changes; the clone has the committed HEAD only)' : ''}`);
  out.push(`  ${cpus().length} CPUs, ${Math.round(totalmem() / 1024 ** 3)} GB RAM; system node ${nodeVersion}, npm ${npmVersion}; npm cache ${npmCache} (warm: used by earlier installs on this machine)`);
  out.push(
    options.seedNode
      ? '  .cache/node was PRE-SEEDED from this checkout (--seed-node): the first start did not fetch Node 24'
      : '  nothing pre-seeded: the clone fetches its own Node 24 into .cache/node if the system Node is too old',
  );
  if (dropped.length > 0) out.push(`  variables left out of npm start's environment: ${dropped.join(', ')}`);
  out.push(`  git clone: ${seconds(cloneMs)} s (not counted)`);
  out.push('');
  const describe = (name: string, result: StartResult | undefined) => {
    if (!result) return;
    out.push(
      result.ok
        ? `${name}: ${seconds(result.readyMs!)} s from \`npm start\` to the 9 regions at :1337/api/regions and 200 at :4321/ (CMS answered at ${seconds(result.cmsReadyMs!)} s, site at ${seconds(result.siteReadyMs!)} s)`
        : `${name}: FAILED: ${result.error}`,
    );
    const did = [
      result.fetchedNode ? 'fetched Node 24' : undefined,
      result.ranNpmInstall ? 'ran npm install' : undefined,
      result.builtAdmin ? 'built the admin panel' : undefined,
      result.seeded ? 'loaded the demo content' : undefined,
    ].filter(Boolean);
    out.push(`  it ${did.length > 0 ? did.join(', ') : 'fetched, installed, built and seeded nothing'}`);
    if (result.cpuS !== undefined)
      out.push(`  CPU until ready: ${result.cpuS.toFixed(1)} s for npm start's processes, ${result.otherCpuS == null ? '–' : result.otherCpuS.toFixed(1)} s for the rest of the machine`);
    if (result.otherCpuS != null && result.readyMs !== undefined && result.otherCpuS > Math.max(2, 0.15 * (result.readyMs / 1000)))
      out.push(`  note: other processes used ${result.otherCpuS.toFixed(1)} CPU s meanwhile; the time may be disturbed`);
    if (result.exitedMs !== undefined) out.push(`  npm start stopped by itself after ${seconds(result.exitedMs)} s`);
    else out.push(
      `  Ctrl-C (SIGINT to the process group): ${result.stopMs === undefined ? 'npm did not exit within 60 s' : `npm exited after ${seconds(result.stopMs)} s`}` +
        (result.killedAfterStop ? '; processes were left and were killed (SIGKILL)' : result.groupGoneMs !== undefined ? `, every process gone after ${seconds(result.groupGoneMs)} s` : ''),
    );
    if (name.startsWith('second')) {
      out.push(
        result.rebuildLiveMs !== undefined
          ? `  its background rebuild (npm start rebuilds in case content changed while stopped) was live at ${seconds(result.rebuildLiveMs)} s`
          : '  its background rebuild had not finished when it was stopped',
      );
    }
    out.push('  what it said, and when (s):');
    for (const line of result.milestones) out.push(`    ${seconds(line.atMs).padStart(6)}  ${line.text.replace(/^iro-network: /, '')}`);
    out.push('');
  };
  describe('first start (fresh clone, warm npm cache)', starts.first);
  if (workaround) {
    out.push(
      `workaround: the first start stopped because the content model was not compiled (npm start imports content-types/dist before it compiles);`,
      `  \`${workaround.command}\` in the clone: ${workaround.ok ? `${seconds(workaround.ms)} s` : `FAILED: ${workaround.output.slice(-300)}`}`,
      '',
    );
  }
  describe('first start, again after the workaround (everything else a first start does)', starts.firstAgain);
  if (starts.first && !starts.first.ok && starts.firstAgain?.ok && workaround) {
    const failedMs = starts.first.exitedMs ?? Math.max(...starts.first.lines.map((line) => line.atMs), 0);
    out.push(
      `first start in all: ${seconds(failedMs + workaround.ms + starts.firstAgain.readyMs!)} s (${seconds(failedMs)} s until the failed start stopped + ${seconds(workaround.ms)} s compiling + ${seconds(starts.firstAgain.readyMs!)} s), what a fixed npm start would take at most`,
      '',
    );
  }
  describe('second start (same clone)', starts.second);
  console.log(out.join('\n'));

  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `start-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const withoutLines = (result: StartResult | undefined) => (result ? { ...result, lines: undefined } : undefined);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'start',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        commit,
        uncommittedChangesLeftOut: uncommitted,
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1024 ** 3), systemNode: nodeVersion, npm: npmVersion, npmCache },
        options: { timeoutMs: options.timeoutMs, seedNode: options.seedNode },
        cloneMs: Math.round(cloneMs),
        first: withoutLines(starts.first),
        workaround,
        firstAgain: withoutLines(starts.firstAgain),
        second: withoutLines(starts.second),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Figures written to ${path.relative(rootDir, file)}`);
  if (options.logs) {
    for (const [name, result] of Object.entries(starts)) {
      if (!result) continue;
      const text = result.lines.map((line) => `${seconds(line.atMs).padStart(7)} ${line.text.replace(/password: \S+/, 'password: ***')}`).join('\n');
      writeFileSync(file.replace(/\.json$/, `-${name}.log`), `${text}\n`);
    }
    console.log(`The output of each start written next to it (${path.basename(file, '.json')}-<start>.log)`);
  }
  return starts.first?.ok && starts.second?.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
