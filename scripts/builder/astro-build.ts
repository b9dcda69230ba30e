/** Builds the site into a folder: the one place that knows how the site is built. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SHARE_CARDS_DIR } from '../../site/src/consts.js';
import { repoRoot } from '../lib/paths.js';
import { runInBackground } from '../lib/run.js';
import type { BuildContext, BuildScope } from './site-builder.js';
import { pointLink, removeOldVersions } from './versions.js';

export const siteDir = path.join(repoRoot, 'site');
const resolvePackage = (name: string) => path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const astroCli = path.join(resolvePackage('astro'), 'bin', 'astro.mjs');
/** Pagefind ships its binary in a platform package; its npm wrapper finds it. */
const pagefindCli = path.join(repoRoot, 'node_modules', '.bin', 'pagefind');

export interface AstroBuildOptions {
  /** The CMS's REST API, read at build time. */
  cmsUrl: string;
  /** The site's public address (canonical URLs, feeds, sitemap). */
  siteUrl: string;
  /** Astro's cache (content-layer store, incremental-build pages, optimised images), kept between builds so unchanged work is reused. */
  cacheDir: string;
}

export interface AstroBuildResult {
  ok: boolean;
  output: string;
  /** CMS entries read (site/src/lib/strapi-loader.ts logs them per content type). */
  read: number;
  /** Pages and files Astro rendered, and those it took from its build cache. */
  rendered: number;
  reused: number;
  /** Of the reused, those already in the folder it built over (the rest were copied in from its cache). */
  inPlace: number;
  /** Posts' share cards the build made, and those already in the folder it built over (site/src/integrations/share-cards.ts). */
  cardsMade: number;
  cardsKept: number;
}

/** A step of the build, run in the site's folder. */
const runStep = (command: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal) =>
  runInBackground(command, args, { cwd: siteDir, env, ...(signal ? { signal } : {}) });

/** Astro's output folder: always this one, beside the builds (see `buildPages`). */
const stagingDir = (outDir: string) => path.join(path.dirname(outDir), '.astro-output');
/** A copy of the last build's output, complete, for the next build to build over. */
export const preparedDir = (outDir: string) => `${stagingDir(outDir)}.ready`;
/** Such a copy being made; never used until renamed to `preparedDir`. */
const copyingDir = (outDir: string) => `${stagingDir(outDir)}.copying`;

/** How every `astro build` runs, whatever process starts it (the builder, the benchmarks). */
export const astroRuntime = {
  // A production build whatever the parent runs as: the benches' in-process Strapi sets
  // NODE_ENV=development, which made each build about 3 s slower at 10,000 posts and, since the
  // bundled code differs, made Astro re-render every post page after a build run without it.
  NODE_ENV: 'production',
  // Astro turns on Node's compile cache, which keeps each build's bundled content store (44 MB
  // at 10,000 posts, new with every publish) in the system's temporary folder for good: a
  // gigabyte every twenty publishes. Compiling Astro's own modules again costs a fraction of a second.
  NODE_DISABLE_COMPILE_CACHE: '1',
};

/**
 * `astro build` into `outDir`. Astro writes the output folder's path into the code of its image
 * module, which its incremental build hashes: a new folder every build would make every page
 * look changed. So Astro always builds into one folder beside `outDir`, which is then renamed.
 *
 * That folder starts as the copy `keepForNextBuild` made of the last build, when there is one:
 * Astro then builds over it (BUILD_IN_PLACE, site/src/integrations/build-in-place.ts), leaving
 * every page it reuses where it is, and removes what the build no longer makes. Otherwise it
 * starts empty, and Astro copies each reused page in from its cache.
 */
export async function buildPages(outDir: string, options: AstroBuildOptions, scope: BuildScope = 'full'): Promise<AstroBuildResult> {
  const env = {
    ...process.env,
    CMS_URL: options.cmsUrl,
    SITE_URL: options.siteUrl,
    ASTRO_CACHE_DIR: options.cacheDir,
    CMS_SYNC: scope === 'changes' ? 'changes' : 'full',
    ...astroRuntime,
    // Always, so the config Astro hashes is the same whether the folder starts full or empty.
    BUILD_IN_PLACE: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  const staging = stagingDir(outDir);
  // Whatever is left of a build that was stopped part-way can hold half-written pages: never build over it.
  rmSync(staging, { recursive: true, force: true });
  rmSync(copyingDir(outDir), { recursive: true, force: true });
  if (existsSync(preparedDir(outDir))) renameSync(preparedDir(outDir), staging);
  const args = [astroCli, 'build', '--outDir', staging, ...(scope === 'fresh' ? ['--force'] : [])];
  const { ok, output } = await runStep(process.execPath, args, env);
  if (ok) renameSync(staging, outDir);
  else rmSync(staging, { recursive: true, force: true });
  // Astro logs each page as "├─ /path (+12ms)" when rendered; when reused, "(cached)" if it was
  // already in the folder, "(restored)" if copied in from the cache.
  const count = (pattern: RegExp) => output.match(pattern)?.length ?? 0;
  // The loader logs "[strapi:post] 1006 post entries (3 changed)" after reading them all, or
  // "[strapi:post] 1006 post entries: read 1 new or changed, …" after reading what changed.
  const read = [...output.matchAll(/\[strapi:[\w-]+\] (\d+) [\w-]+ entries(?:: read (\d+) new or changed)?/g)].reduce(
    (sum, [, all, changed]) => sum + Number(changed ?? all),
    0,
  );
  // The share cards' integration logs "[iro:share-cards] 1006 share cards: 1 made, 1005 already there, …".
  const [, cardsMade = '0', cardsKept = '0'] = /\d+ share cards: (\d+) made, (\d+) already there/.exec(output) ?? [];
  return {
    ok,
    output,
    read,
    rendered: count(/├─ .* \(\+[\d.]+m?s\)/g),
    reused: count(/├─ .* \((?:restored|cached)\)/g),
    inPlace: count(/├─ .* \(cached\)/g),
    cardsMade: Number(cardsMade),
    cardsKept: Number(cardsKept),
  };
}

/**
 * Copies `from` to `to` (`cp -a`, in processes of their own: tens of thousands of files, without
 * holding up the builder's event loop), but hard-links the files of the folder `linked` (a path
 * inside `from`) instead of copying them: the share cards, which no build rewrites in place (at
 * 10,000 posts, three quarters of the bytes). Every other file is copied, since Astro rewrites
 * the pages it renders in place, which must not change the live build.
 */
async function copyLinking(from: string, to: string, linked: string): Promise<boolean> {
  const [head, ...rest] = linked.split('/');
  mkdirSync(to);
  const others = readdirSync(from).filter((name) => name !== head);
  if (others.length > 0 && !(await runStep('cp', ['-a', '--', ...others.map((name) => path.join(from, name)), to], process.env)).ok) return false;
  if (!existsSync(path.join(from, head!))) return true;
  if (rest.length > 0) return copyLinking(path.join(from, head!), path.join(to, head!), rest.join('/'));
  return (await runStep('cp', ['-al', '--', path.join(from, head!), to], process.env)).ok;
}

/**
 * Copies a build that went live (`liveDir`, not yet changed by anything else) to be the starting
 * point of the next build, so that the next build writes only what changes. Runs after the swap,
 * off the publish's path; the copy is used only once complete. Resolves to whether it was made.
 */
export async function keepForNextBuild(liveDir: string): Promise<boolean> {
  const copying = copyingDir(liveDir);
  rmSync(copying, { recursive: true, force: true });
  if (!(await copyLinking(liveDir, copying, SHARE_CARDS_DIR))) {
    rmSync(copying, { recursive: true, force: true });
    return false;
  }
  // The search index is linked into each live build, not made by Astro.
  rmSync(path.join(copying, 'pagefind'), { force: true });
  rmSync(preparedDir(liveDir), { recursive: true, force: true });
  renameSync(copying, preparedDir(liveDir));
  return true;
}

/** The Pagefind search index of the site in `siteDir`, written to `outputDir` (default: its `pagefind/`). */
export async function indexSearch(siteDir: string, outputDir?: string, signal?: AbortSignal) {
  const args = ['--site', siteDir, '--force-language', 'en', '--quiet', ...(outputDir ? ['--output-path', outputDir] : [])];
  return runStep(pagefindCli, args, process.env, signal);
}

/**
 * The whole site in one folder: `astro build`, then the Pagefind search index over its output. The
 * index is a separate step so that it runs after Astro has exited, not on top of its memory.
 */
export async function runAstroBuild(outDir: string, options: AstroBuildOptions, scope: BuildScope = 'full'): Promise<AstroBuildResult> {
  const site = await buildPages(outDir, options, scope);
  if (!site.ok) return site;
  const search = await indexSearch(outDir);
  return { ...site, ok: search.ok, output: site.output + search.output };
}

/** The reason of a failed step: its own error lines. */
function failure(output: string): Error {
  const lines = output.trim().split('\n');
  const reason = lines.filter((line) => /error|failed|CmsLoadError/i.test(line)).slice(-3).join(' | ') || lines.slice(-3).join(' | ');
  return new Error(reason);
}

/**
 * The builder's build, for a SiteBuilder. Pages go live before the search index is refreshed:
 * indexing the whole site takes seconds at 10,000 posts, so each build's `pagefind` is a link to
 * the builder's one search index (`<root>/search/current`), which is rebuilt right after the new
 * pages are live and switched in one rename when done. Until then, search answers from the index
 * of the build before. The very first build indexes before going live, so search always works.
 * After going live, the live build is also copied for the next build to build over (`buildPages`).
 */
export function astroBuilder(options: AstroBuildOptions) {
  const searchDir = (root: string) => path.join(root, 'search');
  const currentIndex = (root: string) => path.join(searchDir(root), 'current');
  let sequence = 0;
  /** The build whose pages the current index was made from, when it was made before going live. */
  let indexedBeforeLive: string | undefined;

  /** Indexes `siteDir` into a new folder of `<root>/search/` and points `current` at it. */
  async function refreshSearch(siteDir: string, root: string, signal?: AbortSignal) {
    const name = `${Date.now()}-${++sequence}`;
    const folder = path.join(searchDir(root), name);
    const result = await indexSearch(siteDir, folder, signal);
    if (!result.ok) {
      rmSync(folder, { recursive: true, force: true });
      if (signal?.aborted) return 'stopped: a newer build refreshes it';
      throw failure(result.output);
    }
    pointLink(currentIndex(root), name);
    // Older indexes go, but the one before: a visitor's search may still be reading it.
    void removeOldVersions(searchDir(root), name, 1, () => {});
    return 'refreshed';
  }

  /** The copy of the live build for the next one to start from, while it is being made. */
  let keeping: Promise<boolean> | undefined;

  return {
    build: async (outDir: string, context: BuildContext) => {
      // A copy half made is worth finishing: building without it copies every reused page instead.
      await keeping;
      const result = await buildPages(outDir, options, context.scope);
      if (!result.ok) throw failure(result.output);
      mkdirSync(searchDir(context.root), { recursive: true });
      if (!existsSync(currentIndex(context.root))) {
        await refreshSearch(outDir, context.root);
        indexedBeforeLive = outDir;
      }
      symlinkSync(path.relative(outDir, currentIndex(context.root)), path.join(outDir, 'pagefind'), 'dir');
      return `${context.scope} build: ${result.read} CMS entries read, ${result.rendered} pages rendered, ${result.reused} reused (${result.inPlace} in place), ${result.cardsMade} share cards made (${result.cardsKept} kept)`;
    },
    afterLive: async (liveDir: string, context: BuildContext, signal: AbortSignal) => {
      // Not stopped by a new publish (see `build`); the search index is, since the next build refreshes it.
      const started = Date.now();
      keeping = keepForNextBuild(liveDir);
      const search =
        indexedBeforeLive === liveDir ? 'made before going live' : `${await refreshSearch(liveDir, context.root, signal)} in ${Date.now() - started} ms`;
      const kept = await keeping;
      // The builder adds the time of the whole step: the index and the copy, made side by side.
      return `search index ${search}; ${kept ? 'copy kept for the next build to build over' : 'no copy kept: the next build starts empty'}`;
    },
  };
}
