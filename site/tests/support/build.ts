/** Builds the real site (astro build) against a CMS, into a temporary folder, the way the builder does. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAstroBuild } from '../../../scripts/builder/astro-build';

export interface BuildResult {
  ok: boolean;
  outDir: string;
  /** Everything the build printed. */
  output: string;
}

export const testSiteUrl = 'https://iro-network.test';

export async function buildSite(cmsUrl: string, options: { cacheDir?: string } = {}): Promise<BuildResult> {
  const work = mkdtempSync(path.join(tmpdir(), 'iro-site-'));
  const outDir = path.join(work, 'dist');
  const result = await runAstroBuild(outDir, { cmsUrl, siteUrl: testSiteUrl, cacheDir: options.cacheDir ?? path.join(work, 'cache') });
  return { ...result, outDir };
}
