/** Builds the site into a folder: the one place that knows how the site is built. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../lib/paths.js';

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
  /** Astro's cache (content-layer store, optimised images), kept between builds so unchanged work is reused. */
  cacheDir: string;
}

export interface AstroBuildResult {
  ok: boolean;
  output: string;
}

function runStep(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<AstroBuildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: siteDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ok: code === 0, output }));
  });
}

/**
 * The site's build: `astro build`, then the Pagefind search index over its output. The index is a
 * separate step so that it runs after Astro has exited, not on top of its memory.
 */
export async function runAstroBuild(outDir: string, options: AstroBuildOptions): Promise<AstroBuildResult> {
  const env = { ...process.env, CMS_URL: options.cmsUrl, SITE_URL: options.siteUrl, ASTRO_CACHE_DIR: options.cacheDir, NO_COLOR: '1', FORCE_COLOR: '0' };
  const site = await runStep(process.execPath, [astroCli, 'build', '--outDir', outDir], env);
  if (!site.ok) return site;
  const search = await runStep(pagefindCli, ['--site', outDir, '--force-language', 'en', '--quiet'], env);
  return { ok: search.ok, output: site.output + search.output };
}

/** A `build` function for the SiteBuilder: throws with the build's own error lines when it fails. */
export const astroBuilder = (options: AstroBuildOptions) => async (outDir: string) => {
  const result = await runAstroBuild(outDir, options);
  if (!result.ok) {
    const lines = result.output.trim().split('\n');
    const reason = lines.filter((line) => /error|failed|CmsLoadError/i.test(line)).slice(-3).join(' | ') || lines.slice(-3).join(' | ');
    throw new Error(reason);
  }
};
