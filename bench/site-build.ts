/**
 * Site build benchmark: how long the static site takes to build, and how much memory the build
 * needs, at N posts, against a Hugo build of the same posts measured in the same run.
 *
 *   bash scripts/node.sh tsx bench/site-build.ts [--sizes 1000,10000] [--batch 500]
 *                                                [--no-warm] [--no-hugo] [--timeout-min 20] [--logs]
 *
 * For each N (ascending, one CMS for the whole run, posts added on top of the previous size):
 *   1. the CMS (compiled cms/dist, temporary SQLite database) holds the demo content plus N
 *      generated posts, written through the Document Service in transactions (seed time is
 *      reported, not counted in any build figure);
 *   2. `astro build` runs against it with a fresh cache folder (cold), then again with the same
 *      cache folder (warm), each into a new output folder;
 *   3. the same published posts are written as Markdown into a Hugo site (minimal theme) and
 *      `hugo --quiet` builds it twice (the second run has the file-system cache warm).
 * Printed: wall time, pages (.html files), pages/s, peak RSS of the build's process tree, CPU time,
 * the Astro build's phases, and the ratios Astro / Hugo and 10k / 1k. Figures only: nothing is
 * asserted. The figures also go to bench/results/site-build-<timestamp>.json.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { astroRuntime } from '../scripts/builder/astro-build';
import { startCms, type RunningCms } from '../cms/tests/support/cms';
import { seedDemoContent } from '../cms/tests/support/seed';
import { waitForOtherAstroBuilds } from './support/astro-builds';
import { compileCms, insertPosts, publishedPosts, relationTargets } from './support/content';
import { hugoVersion, writeHugoSite } from './support/hugo';
import { machineBusySeconds, measure, type Measurement } from './support/measure';
import { benchDir, rootDir, siteDir, testSiteUrl } from './support/paths';
import { numberList, readOptions } from './support/cli';


// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  sizes: number[];
  batch: number;
  warm: boolean;
  hugo: boolean;
  timeoutMs: number;
  /** Write every build's output, each line with its time, next to the JSON figures. */
  logs: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { sizes: [1000, 10000], batch: 500, warm: true, hugo: true, timeoutMs: 20 * 60_000, logs: false };
  const given = readOptions(
    argv,
    { sizes: { type: 'string' }, batch: { type: 'string' }, 'timeout-min': { type: 'string' }, warm: { type: 'boolean' }, hugo: { type: 'boolean' }, logs: { type: 'boolean' } },
    import.meta.url,
  );
  if (given.sizes !== undefined) options.sizes = numberList(given.sizes);
  if (given.batch !== undefined) options.batch = Number(given.batch);
  if (given['timeout-min'] !== undefined) options.timeoutMs = Number(given['timeout-min']) * 60_000;
  if (given.warm !== undefined) options.warm = given.warm;
  if (given.hugo !== undefined) options.hugo = given.hugo;
  if (given.logs !== undefined) options.logs = given.logs;
  if (options.sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--sizes takes positive whole numbers, e.g. 1000,10000');
  if (!Number.isInteger(options.batch) || options.batch < 1) throw new Error('--batch takes a positive whole number');
  if (!(options.timeoutMs > 0)) throw new Error('--timeout-min takes a positive number');
  options.sizes = [...new Set(options.sizes)].sort((a, b) => a - b);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A full garbage collection of this process (the CMS), so its memory figures are not last phase's garbage. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const GB = 1024 ** 3;

function filesUnder(dir: string): { html: number; files: number; bytes: number; byExtension: Record<string, number> } {
  const result = { html: 0, files: 0, bytes: 0, byExtension: {} as Record<string, number> };
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        result.files++;
        result.bytes += statSync(full).size;
        const extension = path.extname(entry.name).slice(1) || '(none)';
        result.byExtension[extension] = (result.byExtension[extension] ?? 0) + 1;
        if (extension === 'html') result.html++;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return result;
}

function packageVersion(fromDir: string, name: string): string | undefined {
  try {
    return JSON.parse(readFileSync(createRequire(path.join(fromDir, 'noop.js')).resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The Astro build's phases, from the times its log lines arrived

interface Phase {
  name: string;
  ms: number;
}

/**
 * Astro logs a line when each step starts: the time from one marker to the next found one is the
 * step's duration. Markers are looked for in order, each after the previous one found; a marker
 * that does not appear (no images to optimise, a future Astro wording) leaves its step out.
 */
const astroMarkers: { name: string; pattern: RegExp }[] = [
  { name: 'start-up', pattern: /^/ },
  { name: 'content layer', pattern: /\[content\] Syncing content/ },
  { name: 'types, build info', pattern: /\[content\] Synced content/ },
  { name: 'vite bundle', pattern: /Building static entrypoints/ },
  { name: 'page generation', pattern: /generating static routes/ },
  { name: 'image optimisation', pattern: /generating optimized images/ },
  { name: 'sitemap', pattern: /\[build\] ✓ Completed in/ },
  // The share cards are drawn after the pages (site/src/integrations/share-cards.ts), after the sitemap.
  { name: 'share cards', pattern: /`sitemap-index\.xml` created/ },
];

function astroPhases(measurement: Measurement): Phase[] {
  const starts: { name: string; atMs: number }[] = [];
  let from = 0;
  for (const marker of astroMarkers) {
    const index = measurement.lines.findIndex((line, i) => i >= from && marker.pattern.test(line.text));
    if (index < 0) continue;
    starts.push({ name: marker.name, atMs: marker === astroMarkers[0] ? 0 : measurement.lines[index]!.atMs });
    if (marker !== astroMarkers[0]) from = index + 1;
  }
  return starts.map((start, i) => ({ name: start.name, ms: (starts[i + 1]?.atMs ?? measurement.wallMs) - start.atMs }));
}

interface RouteGroup {
  name: string;
  routes: number;
  /** Sum of the per-route times Astro logs ("(+12ms)"). */
  ms: number;
  slowestMs: number;
  slowest: string;
}

const routeGroups: { name: string; pattern: RegExp }[] = [
  { name: 'post pages /news/<slug>/', pattern: /^\/news\/(?!archive\/)[^/]+\/index\.html$/ },
  { name: 'news archive by year', pattern: /^\/news\/archive\// },
  { name: 'topic pages and feeds', pattern: /^\/topics\// },
  { name: 'feeds and calendars (.xml, .ics)', pattern: /\.(xml|ics)$/ },
  { name: 'other pages', pattern: /./ },
];

/** Where page generation spends its time, by kind of route, from Astro's per-route timings. */
function astroRouteGroups(measurement: Measurement): RouteGroup[] {
  const groups = new Map<string, RouteGroup>();
  for (const { text } of measurement.lines) {
    const match = /[├└]─ (\/\S*) \(\+([\d.]+)(ms|s)\)/.exec(text);
    if (!match) continue;
    const [, route, amount, unit] = match;
    const ms = Number(amount) * (unit === 's' ? 1000 : 1);
    const name = routeGroups.find((group) => group.pattern.test(route!))!.name;
    const group = groups.get(name) ?? { name, routes: 0, ms: 0, slowestMs: 0, slowest: '' };
    group.routes++;
    group.ms += ms;
    if (ms > group.slowestMs) Object.assign(group, { slowestMs: ms, slowest: route });
    groups.set(name, group);
  }
  return routeGroups.flatMap((group) => groups.get(group.name) ?? []);
}

// ---------------------------------------------------------------------------------------------
// Builds

interface BuildFigures {
  ok: boolean;
  wallMs: number;
  htmlPages: number;
  files: number;
  outputBytes: number;
  filesByExtension: Record<string, number>;
  pagesPerSecond: number;
  peakTreeRssBytes: number;
  peakProcessRssBytes: number;
  peakProcesses: number;
  cpuUserS: number | null;
  cpuSystemS: number | null;
  /** CPU seconds per wall second: how much of the 2 cores the build used. */
  cpuParallelism: number | null;
  /** The CMS (this process) while it served the build: peak RSS, and CPU seconds. */
  cmsPeakRssBytes?: number;
  cmsCpuS?: number;
  /**
   * CPU seconds the machine spent on anything else during the build (other people's tests, …):
   * when this is large, the figures are disturbed. Null without GNU time.
   */
  otherCpuS?: number | null;
  /** The first attempt broke on another build of site/ running at the same time. */
  retriedAfterClash?: boolean;
  phases?: Phase[];
  /** Page generation by kind of route (Astro only). */
  routes?: RouteGroup[];
  /** Tree RSS, one sample a second: [seconds since start, MB]. */
  rssTimeline: [number, number][];
  /** The last lines the build printed, when it failed. */
  failureOutput?: string;
}

/** Every build's output with timestamps, for --logs (kept out of the JSON figures). */
const buildLogs = new Map<BuildFigures, string>();

function figuresOf(measurement: Measurement, outDir: string): BuildFigures {
  const output = filesUnder(outDir);
  const cpu = measurement.cpuUserS !== null && measurement.cpuSystemS !== null ? measurement.cpuUserS + measurement.cpuSystemS : null;
  const ok = measurement.exitCode === 0 && !measurement.timedOut;
  const perSecond = new Map<number, number>();
  for (const [atMs, bytes] of measurement.rssTimeline) {
    const second = Math.floor(atMs / 1000);
    perSecond.set(second, Math.max(perSecond.get(second) ?? 0, mb(bytes)));
  }
  const figures: BuildFigures = {
    ok,
    wallMs: Math.round(measurement.wallMs),
    htmlPages: output.html,
    files: output.files,
    outputBytes: output.bytes,
    filesByExtension: output.byExtension,
    pagesPerSecond: Math.round((output.html / (measurement.wallMs / 1000)) * 10) / 10,
    peakTreeRssBytes: measurement.peakTreeRss,
    peakProcessRssBytes: measurement.peakProcessRss,
    peakProcesses: measurement.peakProcesses,
    cpuUserS: measurement.cpuUserS,
    cpuSystemS: measurement.cpuSystemS,
    cpuParallelism: cpu === null ? null : Math.round((cpu / (measurement.wallMs / 1000)) * 100) / 100,
    rssTimeline: [...perSecond],
    ...(ok
      ? {}
      : {
          failureOutput:
            (measurement.timedOut ? '(stopped: timed out)\n' : '') +
            measurement.lines
              .slice(-40)
              .map((line) => line.text)
              .join('\n'),
        }),
  };
  buildLogs.set(figures, measurement.lines.map((line) => `${(line.atMs / 1000).toFixed(2).padStart(8)} ${line.text}`).join('\n'));
  return figures;
}

const astroCli = path.join(path.dirname(createRequire(path.join(siteDir, 'noop.js')).resolve('astro/package.json')), 'bin', 'astro.mjs');

/**
 * Astro writes its intermediate prerender bundle to site/.astro whatever the cache folder, so two
 * builds of this checkout at once break each other ("Cannot find module .../.astro/.prerender/...").
 * Such a failure is run again once, after the other build has finished, and says so.
 */
async function buildAstro(cms: RunningCms, cacheDir: string, outDir: string, timeoutMs: number): Promise<BuildFigures> {
  let retried = false;
  for (;;) {
    await waitForOtherAstroBuilds(5 * 60_000, log);
    collectGarbage();
    const cmsCpuBefore = process.cpuUsage();
    const busyBefore = machineBusySeconds();
    const measurement = await measure(process.execPath, [astroCli, 'build', '--outDir', outDir], {
      cwd: siteDir,
      env: {
        ...process.env,
        CMS_URL: cms.url,
        SITE_URL: testSiteUrl,
        ASTRO_CACHE_DIR: cacheDir,
        ASTRO_TELEMETRY_DISABLED: '1',
        // As the builder builds: this process's Strapi sets NODE_ENV=development.
        ...astroRuntime,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
      timeoutMs,
    });
    const cmsCpu = process.cpuUsage(cmsCpuBefore);
    const figures = figuresOf(measurement, outDir);
    figures.cmsPeakRssBytes = measurement.ownPeakRss;
    figures.cmsCpuS = Math.round(((cmsCpu.user + cmsCpu.system) / 1e6) * 10) / 10;
    figures.otherCpuS = otherCpu(busyBefore, figures, figures.cmsCpuS);
    figures.phases = astroPhases(measurement);
    figures.routes = astroRouteGroups(measurement);
    const clash = !figures.ok && measurement.lines.some((line) => line.text.includes('.astro/.prerender'));
    if (clash && !retried) {
      log('  the build lost its site/.astro/.prerender files to another build running at the same time: building again');
      rmSync(outDir, { recursive: true, force: true });
      retried = true;
      continue;
    }
    if (retried) figures.retriedAfterClash = true;
    return figures;
  }
}

/** Busy CPU seconds of the machine during a build that were neither the build's nor this process's. */
function otherCpu(busyBefore: number, figures: BuildFigures, ownCpuS: number): number | null {
  const busy = machineBusySeconds() - busyBefore;
  if (Number.isNaN(busy) || figures.cpuUserS === null || figures.cpuSystemS === null) return null;
  return Math.max(0, Math.round((busy - figures.cpuUserS - figures.cpuSystemS - ownCpuS) * 10) / 10);
}

async function buildHugo(siteSource: string, outDir: string, cacheDir: string, timeoutMs: number): Promise<BuildFigures> {
  collectGarbage();
  const ownCpuBefore = process.cpuUsage();
  const busyBefore = machineBusySeconds();
  const measurement = await measure('hugo', ['--quiet', '-s', siteSource, '-d', outDir, '--cacheDir', cacheDir], { cwd: siteSource, timeoutMs });
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const figures = figuresOf(measurement, outDir);
  figures.otherCpuS = otherCpu(busyBefore, figures, (ownCpu.user + ownCpu.system) / 1e6);
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Report

interface SizeResult {
  posts: number;
  /** Published posts in the CMS: the generated ones and the demo content's. */
  publishedPosts: number;
  /** Posts written for this size (the difference from the previous size). */
  addedPosts: number;
  /** This process (the CMS) right after seeding, then after a full garbage collection. */
  cmsRssAfterSeedBytes: number;
  cmsRssAfterGcBytes: number;
  cmsHeapUsedAfterGcBytes: number;
  seedMs: number;
  hugoExportMs?: number;
  astroCold: BuildFigures;
  astroWarm?: BuildFigures;
  hugoCold?: BuildFigures;
  hugoWarm?: BuildFigures;
  ratios: { coldVsHugo?: number; warmVsHugo?: number; peakRssVsHugo?: number };
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : undefined);
const showRatio = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}x`);

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  // Numbers right-aligned, words left-aligned.
  const numeric = headers.map((_, i) => rows.every((row) => /^(-?[\d.]+x?|–|FAILED)$/.test(row[i] ?? '')));
  const line = (cells: string[]) => cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function report(results: SizeResult[], context: Record<string, unknown>): string {
  const out: string[] = [];
  out.push(`Site build benchmark at ${context.commit} (${context.cpus} CPUs, ${context.memoryGb} GB RAM, Node ${process.versions.node}, Astro ${context.astro}, ${context.hugo ?? 'no Hugo'})`);
  out.push('');
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const result of results) {
    const builds: [string, BuildFigures | undefined, number | undefined][] = [
      ['astro cold', result.astroCold, result.ratios.coldVsHugo],
      ['astro warm', result.astroWarm, result.ratios.warmVsHugo],
      ['hugo', result.hugoCold, undefined],
      ['hugo (2nd run)', result.hugoWarm, undefined],
    ];
    for (const [name, build, vsHugo] of builds) {
      if (!build) continue;
      rows.push([
        String(result.posts),
        name,
        build.ok ? seconds(build.wallMs) : 'FAILED',
        String(build.htmlPages),
        String(build.files),
        build.pagesPerSecond.toFixed(0),
        String(mb(build.peakTreeRssBytes)),
        String(mb(build.peakProcessRssBytes)),
        build.cpuUserS === null ? '–' : (build.cpuUserS + (build.cpuSystemS ?? 0)).toFixed(1),
        build.cpuParallelism === null ? '–' : build.cpuParallelism.toFixed(2),
        build.otherCpuS == null ? '–' : build.otherCpuS.toFixed(1),
        showRatio(vsHugo),
      ]);
      if (build.retriedAfterClash) notes.push(`${result.posts} ${name}: built twice, the first attempt broke on another build of site/ at the same time`);
      if (build.otherCpuS != null && build.otherCpuS > Math.max(1, 0.15 * (build.wallMs / 1000)))
        notes.push(`${result.posts} ${name}: other processes used ${build.otherCpuS.toFixed(1)} CPU s during the build; its figures may be disturbed`);
    }
  }
  out.push(
    table(['posts', 'build', 'wall s', 'html', 'files', 'html/s', 'peak tree MB', 'peak proc MB', 'CPU s', 'cores', 'other CPU s', 'vs hugo'], rows),
  );
  out.push(
    '  wall s: wall time; html: .html files written; files: every file written; peak tree MB: largest sum of RSS over the build and its child processes;',
    '  peak proc MB: largest single process; CPU s: user + system of the build; cores: CPU s / wall s; other CPU s: what else the machine ran meanwhile',
  );
  for (const note of notes) out.push(`  note: ${note}`);
  out.push('');
  out.push(
    table(
      ['posts', 'published', 'added', 'seed s', 'seed posts/s', 'CMS RSS MB after seed', 'after GC', 'heap used MB', 'CMS RSS MB in cold build', 'CMS CPU s'],
      results.map((result) => [
        String(result.posts),
        String(result.publishedPosts),
        String(result.addedPosts),
        seconds(result.seedMs),
        (result.addedPosts / (result.seedMs / 1000)).toFixed(0),
        String(mb(result.cmsRssAfterSeedBytes)),
        String(mb(result.cmsRssAfterGcBytes)),
        String(mb(result.cmsHeapUsedAfterGcBytes)),
        String(mb(result.astroCold.cmsPeakRssBytes ?? 0)),
        result.astroCold.cmsCpuS?.toFixed(1) ?? '–',
      ]),
    ),
  );
  out.push('  seed s: writing the added posts through the Document Service (published, in transactions); not part of any build figure.');
  out.push('  CMS: the bench process, which runs Strapi: its memory after seeding, after a full GC, and its peak and CPU while it answered the cold build\'s API requests.');
  out.push('');
  out.push('Astro build phases, seconds (from the times Astro logged each step):');
  const phaseNames = [...new Set(results.flatMap((result) => [result.astroCold, result.astroWarm].flatMap((build) => build?.phases?.map((phase) => phase.name) ?? [])))];
  const phaseRows: string[][] = [];
  for (const result of results) {
    for (const [name, build] of [['cold', result.astroCold], ['warm', result.astroWarm]] as const) {
      if (!build?.phases) continue;
      phaseRows.push([String(result.posts), name, ...phaseNames.map((phase) => {
        const found = build.phases!.find((candidate) => candidate.name === phase);
        return found ? seconds(found.ms) : '–';
      })]);
    }
  }
  out.push(table(['posts', 'build', ...phaseNames], phaseRows));
  out.push('');
  out.push("Astro page generation by kind of route (sum of Astro's per-route times, seconds):");
  const routeRows: string[][] = [];
  for (const result of results) {
    for (const [name, build] of [['cold', result.astroCold], ['warm', result.astroWarm]] as const) {
      for (const group of build?.routes ?? []) {
        routeRows.push([String(result.posts), name, group.name, String(group.routes), seconds(group.ms), ((group.ms / group.routes) || 0).toFixed(1), `${Math.round(group.slowestMs)} ms ${group.slowest}`]);
      }
    }
  }
  out.push(table(['posts', 'build', 'routes', 'count', 'total s', 'ms each', 'slowest'], routeRows));
  out.push('');

  const first = results[0];
  const last = results[results.length - 1];
  if (first && last && first !== last) {
    const factor = last.posts / first.posts;
    const scale = (pick: (result: SizeResult) => BuildFigures | undefined) => ratio(pick(last)?.wallMs, pick(first)?.wallMs);
    out.push(`Scaling ${last.posts} / ${first.posts} posts (${factor}x the posts):`);
    out.push(`  astro cold ${showRatio(scale((r) => r.astroCold))}, astro warm ${showRatio(scale((r) => r.astroWarm))}, hugo ${showRatio(scale((r) => r.hugoCold))}`);
    out.push(
      `  peak tree RSS: astro ${mb(first.astroCold.peakTreeRssBytes)} -> ${mb(last.astroCold.peakTreeRssBytes)} MB, hugo ${mb(first.hugoCold?.peakTreeRssBytes ?? 0)} -> ${mb(last.hugoCold?.peakTreeRssBytes ?? 0)} MB`,
    );
    out.push('');
  }

  const target = results.find((result) => result.posts === 10000) ?? last;
  if (target) {
    const timeRatio = target.ratios.coldVsHugo;
    const peak = target.astroCold.peakTreeRssBytes;
    out.push(`Targets (from the issue), at ${target.posts} posts, cold build; figures only, nothing is asserted:`);
    out.push(`  build time <= 2x Hugo: ${showRatio(timeRatio)} ${timeRatio === undefined ? '(no Hugo figure)' : timeRatio <= 2 ? '(within)' : '(over)'}`);
    out.push(`  peak RSS <= 1.5 GB:    ${(peak / GB).toFixed(2)} GB ${peak <= 1.5 * GB ? '(within)' : '(over)'}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const hugo = options.hugo ? hugoVersion() : undefined;
  if (options.hugo && !hugo) log('hugo is not installed (apt-get install -y hugo): the baseline is left out');

  compileCms(rootDir, log);

  const work = mkdtempSync(path.join(tmpdir(), 'iro-bench-'));
  let cms: RunningCms | undefined;
  const cleanUp = async () => {
    const running = cms;
    cms = undefined;
    try {
      await running?.stop();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping the CMS and removing ${work}`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results: SizeResult[] = [];
  let failed = false;
  try {
    // Publishing thousands of posts must not call a site builder.
    delete process.env.SITE_BUILDER_URL;
    delete process.env.SITE_BUILDER_SECRET;
    log('starting the CMS on a temporary SQLite database...');
    const bootStarted = performance.now();
    cms = await startCms('sqlite');
    await seedDemoContent(cms.strapi);
    const relations = await relationTargets(cms);
    log(`CMS up at ${cms.url} with the demo content in ${seconds(performance.now() - bootStarted)} s`);

    let inserted = 0;
    for (const size of options.sizes) {
      log(`== ${size} posts ==`);
      const seedStarted = performance.now();
      await insertPosts(cms, inserted, size, options.batch, relations);
      const seedMs = performance.now() - seedStarted;
      const addedPosts = size - inserted;
      log(`  ${addedPosts} posts added in ${seconds(seedMs)} s`);
      const cmsRssAfterSeedBytes = process.memoryUsage.rss();
      collectGarbage();
      const cmsMemoryAfterGc = process.memoryUsage();
      inserted = size;
      const publishedCount = await cms.strapi.db.query('api::post.post').count({ where: { publishedAt: { $notNull: true } } });

      const sizeDir = path.join(work, String(size));
      const cacheDir = path.join(sizeDir, 'astro-cache');
      mkdirSync(sizeDir, { recursive: true });

      log('  astro build, cold cache...');
      const coldOut = path.join(sizeDir, 'astro-cold');
      const astroCold = await buildAstro(cms, cacheDir, coldOut, options.timeoutMs);
      rmSync(coldOut, { recursive: true, force: true });
      log(`  astro cold: ${astroCold.ok ? `${seconds(astroCold.wallMs)} s, ${astroCold.htmlPages} pages` : 'FAILED'}`);
      if (!astroCold.ok) {
        failed = true;
        log(astroCold.failureOutput ?? '');
      }

      let astroWarm: BuildFigures | undefined;
      if (options.warm && astroCold.ok) {
        log('  astro build, warm cache...');
        const warmOut = path.join(sizeDir, 'astro-warm');
        astroWarm = await buildAstro(cms, cacheDir, warmOut, options.timeoutMs);
        rmSync(warmOut, { recursive: true, force: true });
        log(`  astro warm: ${astroWarm.ok ? `${seconds(astroWarm.wallMs)} s` : 'FAILED'}`);
        if (!astroWarm.ok) {
          failed = true;
          log(astroWarm.failureOutput ?? '');
        }
      }
      rmSync(cacheDir, { recursive: true, force: true });

      let hugoCold: BuildFigures | undefined;
      let hugoWarm: BuildFigures | undefined;
      let hugoExportMs: number | undefined;
      if (hugo) {
        const exportStarted = performance.now();
        const hugoSite = path.join(sizeDir, 'hugo-site');
        mkdirSync(hugoSite, { recursive: true });
        writeHugoSite(hugoSite, await publishedPosts(cms));
        hugoExportMs = performance.now() - exportStarted;
        const hugoCache = path.join(sizeDir, 'hugo-cache');
        for (const run of ['cold', 'warm'] as const) {
          log(`  hugo build (${run === 'cold' ? 'first' : 'second'} run)...`);
          const out = path.join(sizeDir, `hugo-${run}`);
          const figures = await buildHugo(hugoSite, out, hugoCache, options.timeoutMs);
          rmSync(out, { recursive: true, force: true });
          log(`  hugo: ${figures.ok ? `${seconds(figures.wallMs)} s, ${figures.htmlPages} pages` : 'FAILED'}`);
          if (!figures.ok) {
            failed = true;
            log(figures.failureOutput ?? '');
          }
          if (run === 'cold') hugoCold = figures;
          else hugoWarm = figures;
        }
      }
      rmSync(sizeDir, { recursive: true, force: true });

      const okWall = (build: BuildFigures | undefined) => (build?.ok ? build.wallMs : undefined);
      results.push({
        posts: size,
        publishedPosts: publishedCount,
        addedPosts,
        cmsRssAfterSeedBytes,
        cmsRssAfterGcBytes: cmsMemoryAfterGc.rss,
        cmsHeapUsedAfterGcBytes: cmsMemoryAfterGc.heapUsed,
        seedMs: Math.round(seedMs),
        ...(hugoExportMs === undefined ? {} : { hugoExportMs: Math.round(hugoExportMs) }),
        astroCold,
        ...(astroWarm ? { astroWarm } : {}),
        ...(hugoCold ? { hugoCold } : {}),
        ...(hugoWarm ? { hugoWarm } : {}),
        ratios: {
          coldVsHugo: ratio(okWall(astroCold), okWall(hugoCold)),
          warmVsHugo: ratio(okWall(astroWarm), okWall(hugoWarm)),
          peakRssVsHugo: ratio(astroCold.peakTreeRssBytes, hugoCold?.peakTreeRssBytes),
        },
      });
    }
  } finally {
    log('stopping the CMS and removing temporary folders...');
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const git = (args: string[]) => spawnSync('git', args, { cwd: rootDir, encoding: 'utf8' }).stdout?.trim() ?? '';
  const context = {
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'site', 'cms', 'content-types']) ? ' (with uncommitted changes)' : ''}`,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / GB),
    astro: packageVersion(siteDir, 'astro'),
    strapi: packageVersion(path.join(rootDir, 'cms'), '@strapi/strapi'),
    hugo,
  };
  console.log(report(results, context));

  const resultsDir = path.join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `site-build-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'site-build',
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { ...context, cpuModel: cpus()[0]?.model, node: process.versions.node, platform: `${process.platform} ${process.arch}` },
        options: { sizes: options.sizes, batch: options.batch, warm: options.warm, hugo: options.hugo },
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nFigures written to ${path.relative(rootDir, file)}`);
  if (options.logs) {
    for (const result of results) {
      for (const [name, build] of Object.entries({ astroCold: result.astroCold, astroWarm: result.astroWarm, hugoCold: result.hugoCold, hugoWarm: result.hugoWarm })) {
        const text = build && buildLogs.get(build);
        if (text !== undefined) writeFileSync(file.replace(/\.json$/, `-${result.posts}-${name}.log`), `${text}\n`);
      }
    }
    console.log(`Build logs written next to it (${path.basename(file, '.json')}-<posts>-<build>.log)`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
