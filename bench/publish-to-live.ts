/**
 * Publish-to-live benchmark: how long after an editor publishes a change the site serves it, at
 * N posts, with the production wiring (Strapi's webhook → the site builder → an incremental
 * astro build (only what changed is read from the CMS and rendered; the rest is reused) → the
 * `current` link swapped → the static server; then the Pagefind search index refreshed).
 *
 *   bash scripts/node.sh tsx bench/publish-to-live.ts [--sizes 1000,10000] [--edits 5,3] [--batch 500]
 *                                                     [--no-hugo] [--timeout-min 20] [--budget-min 60]
 *                                                     [--poll-ms 100] [--debounce-ms 400] [--logs]
 *
 * One CMS for the whole run (compiled cms/dist, temporary SQLite database), booted with
 * SITE_BUILDER_URL and SITE_BUILDER_SECRET pointing at a SiteBuilder (scripts/builder) running the
 * real build (astroBuilder); the built site is served from the builder's `current` link
 * (serveStatic). For each N (ascending, posts added on top of the previous size):
 *   1. N generated posts are written through the Document Service (the webhook is switched off
 *      meanwhile, so seeding builds nothing);
 *   2. the first build, with a new cache folder for this size (cold); later builds of this size
 *      reuse that cache folder (warm), as the builder does in production;
 *   3. K times (--edits; default 5): a different generated
 *      post's title is changed through the Document Service with status 'published', which
 *      fires Strapi's real entry.update and entry.publish webhooks; the served post page is
 *      fetched every --poll-ms until it shows the new title. Publish-to-live is the wall time from
 *      the edit call to the first fetch showing it; the builder's own publishToLiveMs (webhook
 *      received → link swapped), its build time (durationMs), what the build read and rendered,
 *      and the search index refresh that follows are recorded;
 *   4. Hugo builds the same published posts twice (bench/support/hugo.ts), in the same run.
 * Printed: p50 and p95 of publish-to-live per size (nearest rank: with 5 edits, p95 is the
 * slowest), the incremental and the first (cold) build times, the search refresh, Hugo's, and the
 * ratios the targets are about.
 * Figures only: nothing is asserted. The figures also go to bench/results/publish-to-live-<timestamp>.json.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCms, type RunningCms } from '../cms/tests/support/cms';
import { seedDemoContent } from '../cms/tests/support/seed';
import { astroBuilder } from '../scripts/builder/astro-build';
import { cmsStatusReporter } from '../scripts/builder/cms-status';
import { SiteBuilder, type BuildContext, type BuildRecord, type BuildScope } from '../scripts/builder/site-builder';
import { startWebhookServer } from '../scripts/builder/webhook-server';
import { serveStatic, type StaticServer } from '../scripts/lib/static-server';
import { lostPrerenderFiles, otherAstroBuilds, waitForOtherAstroBuilds } from './support/astro-builds';
import { compileCms, insertPosts, publishedPosts, relationTargets } from './support/content';
import { hugoVersion, writeHugoSite } from './support/hugo';
import { descendantsOf, machineBusySeconds, measure, ownAndChildrenCpuSeconds } from './support/measure';
import { benchPost } from './support/posts';
import { benchDir, rootDir, siteDir, testSiteUrl } from './support/paths';
import { numberList, readOptions } from './support/cli';


// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  sizes: number[];
  /** Edits per size, in the order of `sizes`; undefined: 5 each. */
  edits: number[] | undefined;
  batch: number;
  hugo: boolean;
  /** Per build (the builder's, and each Hugo run). */
  timeoutMs: number;
  /** The whole run: past it, what is left is skipped and the figures so far are reported. */
  budgetMs: number;
  pollMs: number;
  debounceMs: number;
  logs: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    sizes: [1000, 10000],
    edits: undefined,
    batch: 500,
    hugo: true,
    timeoutMs: 20 * 60_000,
    budgetMs: 60 * 60_000,
    pollMs: 100,
    debounceMs: 400,
    logs: false,
  };
  const given = readOptions(
    argv,
    {
      sizes: { type: 'string' },
      edits: { type: 'string' },
      batch: { type: 'string' },
      'timeout-min': { type: 'string' },
      'budget-min': { type: 'string' },
      'poll-ms': { type: 'string' },
      'debounce-ms': { type: 'string' },
      hugo: { type: 'boolean' },
      logs: { type: 'boolean' },
    },
    import.meta.url,
  );
  if (given.sizes !== undefined) options.sizes = numberList(given.sizes);
  if (given.edits !== undefined) options.edits = numberList(given.edits);
  if (given.batch !== undefined) options.batch = Number(given.batch);
  if (given['timeout-min'] !== undefined) options.timeoutMs = Number(given['timeout-min']) * 60_000;
  if (given['budget-min'] !== undefined) options.budgetMs = Number(given['budget-min']) * 60_000;
  if (given['poll-ms'] !== undefined) options.pollMs = Number(given['poll-ms']);
  if (given['debounce-ms'] !== undefined) options.debounceMs = Number(given['debounce-ms']);
  if (given.hugo !== undefined) options.hugo = given.hugo;
  if (given.logs !== undefined) options.logs = given.logs;
  if (options.sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--sizes takes positive whole numbers, e.g. 1000,10000');
  if (options.edits?.some((count) => !Number.isInteger(count) || count < 1)) throw new Error('--edits takes positive whole numbers, e.g. 5 or 5,3');
  if (options.edits && options.edits.length !== 1 && options.edits.length !== options.sizes.length)
    throw new Error('--edits takes one number, or one per size');
  if (!Number.isInteger(options.batch) || options.batch < 1) throw new Error('--batch takes a positive whole number');
  for (const [name, ms] of [['--timeout-min', options.timeoutMs], ['--budget-min', options.budgetMs], ['--poll-ms', options.pollMs]] as const)
    if (!(ms > 0)) throw new Error(`${name} takes a positive number`);
  if (!(options.debounceMs >= 0)) throw new Error('--debounce-ms takes a number of milliseconds');
  // Sizes ascending (posts are added on top), each with its number of edits.
  const edits = options.sizes.map((_, i) => options.edits?.[options.edits.length === 1 ? 0 : i] ?? 5);
  const order = options.sizes.map((size, i) => ({ size, edits: edits[i]! })).sort((a, b) => a.size - b.size);
  const unique = order.filter((entry, i) => i === 0 || entry.size !== order[i - 1]!.size);
  options.sizes = unique.map((entry) => entry.size);
  options.edits = unique.map((entry) => entry.edits);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const GB = 1024 ** 3;

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function htmlFilesUnder(dir: string): number {
  let count = 0;
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(current, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.html')) count++;
    }
  };
  if (existsSync(dir)) walk(dir);
  return count;
}

function packageVersion(fromDir: string, name: string): string | undefined {
  try {
    return JSON.parse(readFileSync(createRequire(path.join(fromDir, 'noop.js')).resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Processes started by this one (the builder's astro and pagefind) whose command line mentions `text`. */
function ownProcessesMentioning(text: string): number[] {
  return descendantsOf(process.pid).filter((pid) => {
    if (pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.includes(text));
    } catch {
      return false;
    }
  });
}

function killOwn(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Busy CPU seconds of the machine not spent by this process (the CMS, the builder, the poller) or its builds. */
class OtherCpu {
  private readonly busy = machineBusySeconds();
  private readonly own = ownAndChildrenCpuSeconds();
  seconds(): number | null {
    const other = machineBusySeconds() - this.busy - (ownAndChildrenCpuSeconds() - this.own);
    return Number.isNaN(other) ? null : Math.max(0, Math.round(other * 10) / 10);
  }
}

const disturbed = (otherCpuS: number | null | undefined, wallMs: number) => otherCpuS != null && otherCpuS > Math.max(1, 0.15 * (wallMs / 1000));

// ---------------------------------------------------------------------------------------------
// The builder, as production wires it, with a per-build time limit

/** What the bench knows about each build besides the builder's record. */
interface BuildExtra {
  /** Other `astro build` runs of this checkout seen while this build ran (they share site/.astro). */
  otherAstroBuilds: number[];
  otherCpuS: number | null;
  timedOut: boolean;
  /**
   * From the builder's "is live" log line (right after the swap) to its onBuild call: the time it
   * spent removing old build folders, synchronously, on the event loop the static server shares.
   */
  afterSwapMs?: number;
}

/** A SiteBuilder that can be told to ignore requests (while the bench seeds, in case a webhook slips through). */
class BenchSiteBuilder extends SiteBuilder {
  paused = false;
  ignoredRequests = 0;
  override request(reason: string, receivedAt?: number, scope?: BuildScope): void {
    if (this.paused) this.ignoredRequests++;
    else super.request(reason, receivedAt, scope);
  }
}

interface WebhookStore {
  findWebhooks(): Promise<{ id: string; name: string; url: string; events: string[]; isEnabled: boolean }[]>;
}
interface WebhookRunner {
  add(webhook: unknown): void;
  remove(webhook: unknown): void;
}

/**
 * Switches the CMS's site builder webhook off and on (Strapi's webhook runner stops listening to
 * the events while it is off), so that writing thousands of posts does not post thousands of
 * webhooks and start builds.
 */
async function siteBuilderWebhook(cms: RunningCms, builderUrl: string) {
  const store = cms.strapi.get('webhookStore') as WebhookStore;
  const runner = cms.strapi.get('webhookRunner') as WebhookRunner;
  const webhook = (await store.findWebhooks()).find((candidate) => candidate.url === builderUrl && candidate.isEnabled);
  if (!webhook) throw new Error(`the CMS registered no webhook to ${builderUrl} (is SITE_BUILDER_URL read at boot?)`);
  let on = true;
  return {
    events: webhook.events,
    off() {
      if (on) runner.remove(webhook);
      on = false;
    },
    on() {
      if (!on) runner.add(webhook);
      on = true;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Results

interface EditResult {
  index: number;
  slug: string;
  title: string;
  ok: boolean;
  error?: string;
  /** The Document Service update (draft updated, then published) returned after this long. */
  editCallMs: number;
  /** Edit call started → first fetch of the post page showing the new title. */
  liveMs?: number;
  /** The builder's figure: webhook received → `current` swapped. */
  builderPublishToLiveMs?: number;
  /** The build's own time (durationMs): an incremental build with the warm cache. */
  buildMs?: number;
  /** From the build's summary: CMS entries read, pages (and files) rendered and reused. */
  entriesRead?: number;
  pagesRendered?: number;
  pagesReused?: number;
  /** The search index refresh after the swap (not part of publish-to-live). */
  searchMs?: number;
  /** Edit call started → the builder received the webhook. */
  webhookMs?: number;
  /** Webhook received → build started (the debounce window). */
  debounceWaitMs?: number;
  /** `current` swapped → the poller's fetch showed the change. */
  seenAfterSwapMs?: number;
  /**
   * The longest this process's event loop was blocked during the edit. The CMS, the builder, the
   * static server and the poller share it (as the CMS-less parts do in npm start): a long stall
   * delays the fetch that sees the change (the builder removes old build folders synchronously
   * right after the swap).
   */
  eventLoopMaxStallMs: number;
  /** The builder's time removing old build folders after the swap (see BuildExtra). */
  builderAfterSwapMs?: number;
  /** Builds the edit caused (1 expected). */
  builds: number;
  buildReasons: string[];
  polls: number;
  otherCpuS: number | null;
  otherAstroBuilds: number[];
  /** The first attempt's build failed because another build of site/ ran at the same time; the edit was made again. */
  retriedAfterClash?: boolean;
}

interface SizeResult {
  posts: number;
  publishedPosts: number;
  addedPosts: number;
  seedMs: number;
  htmlPages?: number;
  firstBuild: { ok: boolean; buildMs: number; error?: string; otherCpuS: number | null; otherAstroBuilds: number[] };
  edits: EditResult[];
  summary: {
    liveP50Ms?: number;
    liveP95Ms?: number;
    builderP50Ms?: number;
    builderP95Ms?: number;
    warmBuildP50Ms?: number;
    warmBuildP95Ms?: number;
    searchP50Ms?: number;
  };
  hugo?: { runs: { ok: boolean; wallMs: number; htmlPages: number; otherCpuS: number | null; error?: string }[]; exportMs: number; bestMs?: number };
  skipped?: string;
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : undefined);
const showRatio = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}x`);
const showSeconds = (ms: number | undefined) => (ms === undefined ? '–' : seconds(ms));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((row) => /^(-?[\d.]+x?|–|FAILED)$/.test(row[i] ?? '')));
  const line = (cells: string[]) => cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function report(results: SizeResult[], context: Record<string, unknown>, options: Options): string {
  const out: string[] = [];
  out.push(
    `Publish-to-live benchmark at ${context.commit} (${context.cpus} CPUs, ${context.memoryGb} GB RAM, Node ${process.versions.node}, Astro ${context.astro}, ${context.hugo ?? 'no Hugo'})`,
  );
  out.push(
    `  builder: debounce ${options.debounceMs} ms (as npm start), incremental astro build, then the Pagefind index refreshed after the swap; cache kept per size; post page fetched every ${options.pollMs} ms`,
  );
  out.push('');
  const notes: string[] = [];
  out.push(
    table(
      ['posts', 'html', 'first build s', 'edits', 'live p50 s', 'live p95 s', 'builder p50 s', 'builder p95 s', 'build p50 s', 'search p50 s', 'hugo s', 'hugo 2nd s', 'p50 / hugo'],
      results.map((result) => [
        String(result.posts),
        result.htmlPages === undefined ? '–' : String(result.htmlPages),
        result.firstBuild.ok ? seconds(result.firstBuild.buildMs) : 'FAILED',
        `${result.edits.filter((edit) => edit.ok).length}/${result.edits.length}`,
        showSeconds(result.summary.liveP50Ms),
        showSeconds(result.summary.liveP95Ms),
        showSeconds(result.summary.builderP50Ms),
        showSeconds(result.summary.builderP95Ms),
        showSeconds(result.summary.warmBuildP50Ms),
        showSeconds(result.summary.searchP50Ms),
        result.hugo?.runs[0]?.ok ? seconds(result.hugo.runs[0].wallMs) : result.hugo?.runs[0] ? 'FAILED' : '–',
        result.hugo?.runs[1]?.ok ? seconds(result.hugo.runs[1].wallMs) : result.hugo?.runs[1] ? 'FAILED' : '–',
        showRatio(ratio(result.summary.liveP50Ms, result.hugo?.bestMs)),
      ]),
    ),
  );
  out.push(
    '  live: edit call -> first fetch of the post page showing the new title; builder: its publishToLiveMs (webhook received -> current swapped);',
    "  build: the builder's durationMs for the edits' builds (incremental, warm cache); search: the Pagefind index refreshed after the swap (not in live);",
    "  first build: a full astro build with an empty cache (the first size's also makes the first search index, before going live);",
    "  hugo: `hugo --quiet` of the same published posts, first and second run; p50 / hugo: live p50 / Hugo's faster run. p95 is nearest-rank (with 5 edits, the slowest).",
  );
  out.push('');

  const rows: string[][] = [];
  for (const result of results) {
    if (!result.firstBuild.ok) notes.push(`${result.posts}: the first build failed: ${result.firstBuild.error}`);
    if (disturbed(result.firstBuild.otherCpuS, result.firstBuild.buildMs))
      notes.push(`${result.posts} first build: other processes used ${result.firstBuild.otherCpuS!.toFixed(1)} CPU s meanwhile; its time may be disturbed`);
    if (result.firstBuild.otherAstroBuilds.length > 0) notes.push(`${result.posts} first build: another astro build of site/ ran at the same time (pids ${result.firstBuild.otherAstroBuilds.join(', ')})`);
    if (result.skipped) notes.push(`${result.posts}: ${result.skipped}`);
    for (const run of result.hugo?.runs ?? []) {
      if (!run.ok) notes.push(`${result.posts} hugo: FAILED ${run.error ?? ''}`);
      if (disturbed(run.otherCpuS, run.wallMs)) notes.push(`${result.posts} hugo: other processes used ${run.otherCpuS!.toFixed(1)} CPU s during the build; its time may be disturbed`);
    }
    result.edits.forEach((edit, i) => {
      rows.push([
        String(result.posts),
        String(i + 1),
        edit.slug,
        String(Math.round(edit.editCallMs)),
        edit.webhookMs === undefined ? '–' : String(edit.webhookMs),
        edit.debounceWaitMs === undefined ? '–' : String(edit.debounceWaitMs),
        edit.ok ? showSeconds(edit.buildMs) : 'FAILED',
        edit.seenAfterSwapMs === undefined ? '–' : String(edit.seenAfterSwapMs),
        String(edit.eventLoopMaxStallMs),
        edit.entriesRead === undefined ? '–' : String(edit.entriesRead),
        edit.pagesRendered === undefined ? '–' : String(edit.pagesRendered),
        edit.pagesReused === undefined ? '–' : String(edit.pagesReused),
        showSeconds(edit.builderPublishToLiveMs),
        showSeconds(edit.liveMs),
        showSeconds(edit.searchMs),
        String(edit.builds),
        edit.otherCpuS === null ? '–' : edit.otherCpuS.toFixed(1),
      ]);
      const label = `${result.posts} edit ${i + 1}`;
      if (!edit.ok) notes.push(`${label}: ${edit.error}`);
      if (edit.retriedAfterClash) notes.push(`${label}: made twice, the first build broke on another build of site/ at the same time`);
      if ((edit.seenAfterSwapMs ?? 0) > 1000)
        notes.push(
          `${label}: seen ${edit.seenAfterSwapMs} ms after the swap; the bench process's event loop was blocked for up to ${edit.eventLoopMaxStallMs} ms` +
            (edit.builderAfterSwapMs !== undefined ? `, and the builder spent ${edit.builderAfterSwapMs} ms removing old builds right after the swap` : ''),
        );
      if (edit.builds !== 1) notes.push(`${label}: ${edit.builds} builds (${edit.buildReasons.join('; ')})`);
      if (edit.otherAstroBuilds.length > 0) notes.push(`${label}: another astro build of site/ ran meanwhile (pids ${edit.otherAstroBuilds.join(', ')})`);
      if (disturbed(edit.otherCpuS, edit.liveMs ?? edit.editCallMs))
        notes.push(`${label}: other processes used ${edit.otherCpuS!.toFixed(1)} CPU s meanwhile; its figures may be disturbed`);
    });
  }
  out.push('Each edit:');
  out.push(
    table(
      ['posts', 'edit', 'post', 'edit call ms', 'webhook ms', 'debounce ms', 'build s', 'seen after swap ms', 'max stall ms', 'read', 'rendered', 'reused', 'builder s', 'live s', 'search s', 'builds', 'other CPU s'],
      rows,
    ),
  );
  out.push(
    '  edit call: the Document Service update with status published; webhook: edit start -> the builder received entry.publish; debounce: -> build start;',
    '  seen after swap: current swapped -> the poller saw the title; max stall: the longest the bench process\'s event loop (CMS, builder, static server, poller) was blocked;',
    '  read: CMS entries the build read; rendered, reused: pages and files Astro rendered, and took from its build cache; search: the index refresh after the swap;',
    '  other CPU s: busy CPU of the machine not spent by the bench, its CMS or its builds',
  );
  for (const note of notes) out.push(`  note: ${note}`);
  out.push('');

  const small = results.find((result) => result.posts === 1000) ?? results[0];
  const large = results.find((result) => result.posts === 10000) ?? results[results.length - 1];
  out.push('Targets (from the issue); figures only, nothing is asserted:');
  if (large) {
    const vsHugo = ratio(large.summary.liveP50Ms, large.hugo?.bestMs);
    out.push(
      `  publish-to-live p50 below Hugo's full build at ${large.posts} posts: ${showSeconds(large.summary.liveP50Ms)} s vs Hugo ${showSeconds(large.hugo?.bestMs)} s = ${showRatio(vsHugo)} ${vsHugo === undefined ? '(no figure)' : vsHugo < 1 ? '(within)' : '(over)'}`,
    );
    const builderVsHugo = ratio(large.summary.builderP50Ms, large.hugo?.bestMs);
    out.push(`    (the builder's own p50, webhook to swap: ${showSeconds(large.summary.builderP50Ms)} s = ${showRatio(builderVsHugo)} of Hugo)`);
  }
  if (small && large && small !== large) {
    const scale = ratio(large.summary.liveP50Ms, small.summary.liveP50Ms);
    out.push(
      `  ${large.posts} within 1.5x of ${small.posts}: p50 ${showSeconds(large.summary.liveP50Ms)} s / ${showSeconds(small.summary.liveP50Ms)} s = ${showRatio(scale)} ${scale === undefined ? '(no figure)' : scale <= 1.5 ? '(within)' : '(over)'}`,
    );
    out.push(
      `    (builder p50 ${showRatio(ratio(large.summary.builderP50Ms, small.summary.builderP50Ms))}, build p50 ${showRatio(ratio(large.summary.warmBuildP50Ms, small.summary.warmBuildP50Ms))}, Hugo ${showRatio(ratio(large.hugo?.bestMs, small.hugo?.bestMs))}, posts ${showRatio(large.posts / small.posts)})`,
    );
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const deadline = performance.now() + options.budgetMs;
  const overBudget = () => performance.now() > deadline;
  const hugo = options.hugo ? hugoVersion() : undefined;
  if (options.hugo && !hugo) log('hugo is not installed (apt-get install -y hugo): the baseline is left out');

  compileCms(rootDir, log);

  const work = mkdtempSync(path.join(tmpdir(), 'iro-bench-live-'));
  const secret = randomBytes(24).toString('hex');
  // One astroBuilder for the run, as in production; each size gets its own (cold, then warm) cache.
  const buildOptions = { cmsUrl: '', siteUrl: testSiteUrl, cacheDir: '' };
  const siteBuild = astroBuilder(buildOptions);
  const searchMs = new Map<string, number>();
  const builderLog: string[] = [];
  const records: BuildRecord[] = [];
  const extras = new Map<string, BuildExtra>();
  const liveLoggedAt = new Map<string, number>();
  const reporter = cmsStatusReporter({ cmsUrl: () => buildOptions.cmsUrl, secret, log: (line) => log(`  builder: ${line}`) });

  /** The production build (astroBuilder), stopped if it runs over the time limit. */
  const build = async (outDir: string, context: BuildContext) => {
    const extra: BuildExtra = { otherAstroBuilds: otherAstroBuilds(), otherCpuS: null, timedOut: false };
    extras.set(path.basename(outDir), extra);
    const otherCpu = new OtherCpu();
    const watch = setInterval(() => {
      for (const pid of otherAstroBuilds()) if (!extra.otherAstroBuilds.includes(pid)) extra.otherAstroBuilds.push(pid);
    }, 2000);
    const limit = setTimeout(() => {
      extra.timedOut = true;
      log(`  the build ran over ${seconds(options.timeoutMs)} s: stopping it`);
      killOwn(ownProcessesMentioning(path.dirname(outDir))); // astro builds beside outDir, then renames
    }, options.timeoutMs);
    try {
      return await siteBuild.build(outDir, context);
    } catch (error) {
      throw extra.timedOut ? new Error(`timed out after ${seconds(options.timeoutMs)} s: ${(error as Error).message}`) : error;
    } finally {
      clearInterval(watch);
      clearTimeout(limit);
      extra.otherCpuS = otherCpu.seconds();
    }
  };
  const builder = new BenchSiteBuilder({
    root: path.join(work, 'site'),
    build,
    afterLive: siteBuild.afterLive,
    debounceMs: options.debounceMs,
    log: (line) => {
      const live = /^site build (\S+) is live/.exec(line);
      if (live) liveLoggedAt.set(live[1]!, performance.now());
      const search = /^site build (\S+): search index refreshed in (\d+) ms/.exec(line);
      if (search) searchMs.set(search[1]!, Number(search[2]));
      builderLog.push(`${new Date().toISOString()} ${line}`);
      log(`  builder: ${line}`);
    },
    onStart: reporter.onStart,
    onBuild: (record, current) => {
      const loggedAt = liveLoggedAt.get(record.id);
      const extra = extras.get(record.id);
      if (loggedAt !== undefined && extra) extra.afterSwapMs = Math.round(performance.now() - loggedAt);
      records.push(record);
      reporter.onBuild(record, current);
    },
  });
  builder.paused = true;

  let cms: RunningCms | undefined;
  let hooks: { url: string; close(): Promise<void> } | undefined;
  let site: StaticServer | undefined;
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    builder.paused = true;
    killOwn(ownProcessesMentioning(work));
    await Promise.race([builder.idle(), sleep(30_000)]);
    await site?.close().catch(() => {});
    await hooks?.close().catch(() => {});
    const running = cms;
    cms = undefined;
    try {
      await running?.stop();
    } finally {
      delete process.env.SITE_BUILDER_URL;
      delete process.env.SITE_BUILDER_SECRET;
      rmSync(work, { recursive: true, force: true });
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the builds and the CMS, removing ${work}`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The budget bounds the steps; this bounds a step that hangs.
  const watchdog = setTimeout(() => {
    log(`the run went ${seconds(options.budgetMs + options.timeoutMs)} s, past its budget and a build's time limit: stopping`);
    void cleanUp().finally(() => process.exit(2));
  }, options.budgetMs + options.timeoutMs);
  watchdog.unref();

  const results: SizeResult[] = [];
  let failed = false;
  try {
    hooks = await startWebhookServer({ builder, secret, log: (line) => log(`  ${line}`) });
    const builderUrl = `${hooks.url}/webhook`;
    process.env.SITE_BUILDER_URL = builderUrl;
    process.env.SITE_BUILDER_SECRET = secret;
    log('starting the CMS on a temporary SQLite database, with its webhook to the builder...');
    const bootStarted = performance.now();
    cms = await startCms('sqlite');
    buildOptions.cmsUrl = cms.url;
    const webhook = await siteBuilderWebhook(cms, builderUrl);
    webhook.off();
    await seedDemoContent(cms.strapi);
    const relations = await relationTargets(cms);
    log(`CMS up at ${cms.url} with the demo content in ${seconds(performance.now() - bootStarted)} s (webhook events: ${webhook.events.join(', ')})`);
    const posts = cms.strapi.documents('api::post.post') as any;

    let inserted = 0;
    for (const [sizeIndex, size] of options.sizes.entries()) {
      const editCount = options.edits![sizeIndex]!;
      if (overBudget()) {
        results.push({
          posts: size, publishedPosts: 0, addedPosts: 0, seedMs: 0, edits: [], summary: {},
          firstBuild: { ok: false, buildMs: 0, error: 'not run', otherCpuS: null, otherAstroBuilds: [] },
          skipped: `skipped: the run's budget (${seconds(options.budgetMs)} s) was spent`,
        });
        failed = true;
        continue;
      }
      log(`== ${size} posts ==`);
      webhook.off();
      builder.paused = true;
      const seedStarted = performance.now();
      await insertPosts(cms, inserted, size, options.batch, relations, log);
      const seedMs = performance.now() - seedStarted;
      const addedPosts = size - inserted;
      inserted = size;
      log(`  ${addedPosts} posts added in ${seconds(seedMs)} s`);
      // Let anything Strapi queued drain before the webhook is on again.
      await sleep(1000);
      webhook.on();
      builder.paused = false;
      const publishedCount = await cms.strapi.db.query('api::post.post').count({ where: { publishedAt: { $notNull: true } } });

      const sizeDir = path.join(work, String(size));
      buildOptions.cacheDir = path.join(sizeDir, 'astro-cache');
      mkdirSync(sizeDir, { recursive: true });

      // 2. The first build, cold.
      await waitForOtherAstroBuilds(5 * 60_000, log);
      log('  first build (empty cache)...');
      const before = records.length;
      builder.request(`bench: first build at ${size} posts (empty cache)`);
      await builder.idle();
      const first = records[before];
      const firstExtra = first && extras.get(first.id);
      const result: SizeResult = {
        posts: size,
        publishedPosts: publishedCount,
        addedPosts,
        seedMs: Math.round(seedMs),
        firstBuild: {
          ok: first?.ok ?? false,
          buildMs: first?.durationMs ?? 0,
          ...(first?.ok ? {} : { error: first?.error ?? 'no build ran' }),
          otherCpuS: firstExtra?.otherCpuS ?? null,
          otherAstroBuilds: firstExtra?.otherAstroBuilds ?? [],
        },
        edits: [],
        summary: {},
      };
      results.push(result);
      if (!first?.ok) {
        failed = true;
        log(`  the first build FAILED: ${first?.error}`);
        rmSync(sizeDir, { recursive: true, force: true });
        continue;
      }
      result.htmlPages = htmlFilesUnder(builder.currentDir);
      log(`  first build: ${seconds(first.durationMs)} s, ${result.htmlPages} html pages`);
      site ??= await serveStatic(builder.currentDir);

      // 3. Edits.
      for (let k = 0; k < editCount; k++) {
        if (overBudget()) {
          result.skipped = `${editCount - k} of ${editCount} edits skipped: the run's budget (${seconds(options.budgetMs)} s) was spent`;
          failed = true;
          break;
        }
        // Different posts, spread over this size's posts (and so over the years).
        const index = Math.floor(((k + 0.5) * size) / editCount);
        const slug = benchPost(index).slug;
        const row = (await cms.strapi.db.query('api::post.post').findOne({ where: { slug, publishedAt: { $null: true } }, select: ['documentId'] })) as {
          documentId: string;
        } | null;
        if (!row) throw new Error(`post ${slug} is not in the CMS`);
        let edit: EditResult | undefined;
        for (let attempt = 0; attempt < 2; attempt++) {
          await waitForOtherAstroBuilds(5 * 60_000, log);
          await builder.idle();
          const title = `Edited for the publish-to-live benchmark at ${size} posts, edit ${k + 1} ${randomBytes(4).toString('hex')}`;
          log(`  edit ${k + 1}/${editCount}: ${slug}...`);
          edit = await editAndWait({ cms, posts, builder, records, extras, searchMs, site, documentId: row.documentId, index, slug, title, options });
          if (!edit.ok && attempt === 0 && edit.error && lostPrerenderFiles(edit.error)) {
            log('  the build lost its site/.astro/.prerender files to another build running at the same time: editing again');
            continue;
          }
          if (attempt > 0) edit.retriedAfterClash = true;
          break;
        }
        result.edits.push(edit!);
        if (!edit!.ok) failed = true;
        log(
          edit!.ok
            ? `  edit ${k + 1}: live after ${seconds(edit!.liveMs!)} s (builder ${seconds(edit!.builderPublishToLiveMs!)} s, build ${seconds(edit!.buildMs!)} s, search index ${showSeconds(edit!.searchMs)} s after)`
            : `  edit ${k + 1} FAILED: ${edit!.error}`,
        );
      }
      const ok = result.edits.filter((edit) => edit.ok);
      const live = ok.map((edit) => edit.liveMs!);
      const builderMs = ok.map((edit) => edit.builderPublishToLiveMs!);
      const warm = ok.map((edit) => edit.buildMs!);
      result.summary = {
        liveP50Ms: percentile(live, 50),
        liveP95Ms: percentile(live, 95),
        builderP50Ms: percentile(builderMs, 50),
        builderP95Ms: percentile(builderMs, 95),
        warmBuildP50Ms: percentile(warm, 50),
        warmBuildP95Ms: percentile(warm, 95),
        searchP50Ms: percentile(ok.flatMap((edit) => (edit.searchMs === undefined ? [] : [edit.searchMs])), 50),
      };

      // 4. Hugo, the same published posts.
      if (hugo && !overBudget()) {
        builder.paused = true;
        const exportStarted = performance.now();
        const hugoSite = path.join(sizeDir, 'hugo-site');
        mkdirSync(hugoSite, { recursive: true });
        writeHugoSite(hugoSite, await publishedPosts(cms));
        const hugoResult: NonNullable<SizeResult['hugo']> = { runs: [], exportMs: Math.round(performance.now() - exportStarted) };
        const hugoCache = path.join(sizeDir, 'hugo-cache');
        for (const run of [1, 2]) {
          log(`  hugo build (run ${run})...`);
          const out = path.join(sizeDir, `hugo-out-${run}`);
          const otherCpu = new OtherCpu();
          const measured = await measure('hugo', ['--quiet', '-s', hugoSite, '-d', out, '--cacheDir', hugoCache], { cwd: hugoSite, timeoutMs: options.timeoutMs });
          // measure() runs hugo from a worker thread of this process: its CPU is this process's children's.
          const runOk = measured.exitCode === 0 && !measured.timedOut;
          hugoResult.runs.push({
            ok: runOk,
            wallMs: Math.round(measured.wallMs),
            htmlPages: htmlFilesUnder(out),
            otherCpuS: otherCpu.seconds(),
            ...(runOk ? {} : { error: (measured.timedOut ? 'timed out; ' : '') + measured.lines.slice(-5).map((line) => line.text).join(' | ') }),
          });
          rmSync(out, { recursive: true, force: true });
          log(`  hugo: ${runOk ? `${seconds(measured.wallMs)} s` : 'FAILED'}`);
          if (!runOk) failed = true;
        }
        const okRuns = hugoResult.runs.filter((run) => run.ok).map((run) => run.wallMs);
        if (okRuns.length > 0) hugoResult.bestMs = Math.min(...okRuns);
        result.hugo = hugoResult;
        builder.paused = false;
      } else if (hugo) {
        result.skipped = `${result.skipped ? `${result.skipped}; ` : ''}Hugo skipped: the run's budget was spent`;
      }
      rmSync(sizeDir, { recursive: true, force: true });
    }
    if (builder.ignoredRequests > 0) log(`note: the builder ignored ${builder.ignoredRequests} requests that arrived while seeding or during Hugo`);
  } finally {
    log('stopping the CMS and removing temporary folders...');
    clearTimeout(watchdog);
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const git = (args: string[]) => spawnSync('git', args, { cwd: rootDir, encoding: 'utf8' }).stdout?.trim() ?? '';
  const context = {
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'site', 'cms', 'content-types', 'scripts']) ? ' (with uncommitted changes)' : ''}`,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / GB),
    astro: packageVersion(siteDir, 'astro'),
    strapi: packageVersion(path.join(rootDir, 'cms'), '@strapi/strapi'),
    hugo,
  };
  console.log(report(results, context, options));

  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `publish-to-live-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'publish-to-live',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { ...context, cpuModel: cpus()[0]?.model, node: process.versions.node, platform: `${process.platform} ${process.arch}` },
        options: { ...options },
        results,
        builds: records.map((record) => ({ ...record, ...extras.get(record.id) })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nFigures written to ${path.relative(rootDir, file)}`);
  if (options.logs) {
    writeFileSync(file.replace(/\.json$/, '-builder.log'), `${builderLog.join('\n')}\n`);
    console.log(`The builder's log written next to it (${path.basename(file, '.json')}-builder.log)`);
  }
  return failed ? 1 : 0;
}

/** The numbers of a build's summary ("changes build: 1 CMS entries read, 95 pages rendered, 2038 reused"). */
function buildCounts(summary: string | undefined): Pick<EditResult, 'entriesRead' | 'pagesRendered' | 'pagesReused'> {
  const match = /(\d+) CMS entries read, (\d+) pages rendered, (\d+) reused/.exec(summary ?? '');
  return match ? { entriesRead: Number(match[1]), pagesRendered: Number(match[2]), pagesReused: Number(match[3]) } : {};
}

/**
 * One edit: the title changed and published through the Document Service, then the served post
 * page fetched every `pollMs` until it shows the new title (or the build for it fails, or the
 * time limit passes).
 */
async function editAndWait(input: {
  cms: RunningCms;
  posts: any;
  builder: BenchSiteBuilder;
  records: BuildRecord[];
  extras: Map<string, BuildExtra>;
  searchMs: Map<string, number>;
  site: StaticServer;
  documentId: string;
  index: number;
  slug: string;
  title: string;
  options: Options;
}): Promise<EditResult> {
  const { posts, builder, records, extras, searchMs, site, documentId, index, slug, title, options } = input;
  const before = records.length;
  const otherCpu = new OtherCpu();
  const otherBuilds = new Set<number>();
  const pageUrl = `${site.url}/news/${slug}/`;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();

  const startedAtMs = Date.now();
  const started = performance.now();
  await posts.update({ documentId, data: { title }, status: 'published' });
  const editCallMs = performance.now() - started;

  let liveMs: number | undefined;
  let seenAtMs: number | undefined;
  let error: string | undefined;
  let polls = 0;
  let lastWatch = 0;
  const until = started + options.timeoutMs + 60_000;
  while (performance.now() < until) {
    polls++;
    try {
      const response = await fetch(pageUrl);
      const text = await response.text();
      if (response.ok && text.includes(title)) {
        liveMs = performance.now() - started;
        seenAtMs = Date.now();
        break;
      }
    } catch (caught) {
      error = `fetching ${pageUrl}: ${(caught as Error).message}`;
    }
    const failure = records.slice(before).find((record) => !record.ok);
    if (failure && !builder.building) {
      error = `the build failed: ${failure.error}`;
      break;
    }
    if (performance.now() - lastWatch > 2000) {
      lastWatch = performance.now();
      for (const pid of otherAstroBuilds()) otherBuilds.add(pid);
    }
    await sleep(options.pollMs);
  }
  if (liveMs === undefined && !error) error = `the post page did not show the new title within ${seconds(until - started)} s`;
  // Let the build that made it live report (and any build queued behind it finish).
  await Promise.race([builder.idle(), sleep(options.timeoutMs)]);
  loop.disable();

  const builds = records.slice(before);
  const live = builds.find((record) => record.ok && record.reasons.some((reason) => reason.includes(`"${slug}"`))) ?? builds.find((record) => record.ok);
  for (const record of builds) for (const pid of extras.get(record.id)?.otherAstroBuilds ?? []) otherBuilds.add(pid);
  const firstRequestAtMs = live ? live.finishedAt.getTime() - live.publishToLiveMs : undefined;
  return {
    index,
    slug,
    title,
    ok: liveMs !== undefined,
    ...(liveMs === undefined ? { error: error ?? 'unknown' } : {}),
    editCallMs: Math.round(editCallMs),
    ...(liveMs === undefined ? {} : { liveMs: Math.round(liveMs) }),
    ...(live
      ? {
          builderPublishToLiveMs: live.publishToLiveMs,
          buildMs: live.durationMs,
          ...buildCounts(live.summary),
          ...(searchMs.has(live.id) ? { searchMs: searchMs.get(live.id)! } : {}),
          ...(extras.get(live.id)?.afterSwapMs === undefined ? {} : { builderAfterSwapMs: extras.get(live.id)!.afterSwapMs }),
          webhookMs: firstRequestAtMs! - startedAtMs,
          debounceWaitMs: live.startedAt.getTime() - firstRequestAtMs!,
          ...(seenAtMs === undefined ? {} : { seenAfterSwapMs: seenAtMs - live.finishedAt.getTime() }),
        }
      : {}),
    eventLoopMaxStallMs: Math.round(loop.max / 1e6),
    builds: builds.length,
    buildReasons: builds.map((record) => record.reasons.join(', ')),
    polls,
    otherCpuS: otherCpu.seconds(),
    otherAstroBuilds: [...otherBuilds],
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
