/** Builds the real site (astro build) against a CMS, into a temporary folder. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const siteDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const astroPackage = createRequire(import.meta.url).resolve('astro/package.json');
const astroCli = path.join(path.dirname(astroPackage), 'bin', 'astro.mjs');

export interface BuildResult {
  ok: boolean;
  outDir: string;
  /** Everything the build printed. */
  output: string;
}

export const testSiteUrl = 'https://iro-network.test';

export function buildSite(cmsUrl: string, options: { cacheDir?: string } = {}): Promise<BuildResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'iro-site-'));
  const outDir = path.join(work, 'dist');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [astroCli, 'build', '--outDir', outDir], {
      cwd: siteDir,
      env: { ...process.env, CMS_URL: cmsUrl, SITE_URL: testSiteUrl, ASTRO_CACHE_DIR: options.cacheDir ?? path.join(work, 'cache'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ok: code === 0, outDir, output }));
  });
}
