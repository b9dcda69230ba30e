/**
 * Other `astro build` runs of this checkout. Astro writes its intermediate prerender bundle to
 * site/.astro whatever the cache folder, so two builds of the same checkout at once break each
 * other ("Cannot find module .../.astro/.prerender/..."): benchmarks wait for other builds first.
 */
import { otherProcesses } from './measure';

const defaultLog = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** `astro build` runs of this checkout started by someone else: they share site/.astro with ours. */
export const otherAstroBuilds = () =>
  otherProcesses((argv) => argv.some((arg) => arg.endsWith('astro.mjs') || arg.endsWith('/astro')) && argv.includes('build'));

/** Waits, up to `limitMs`, until no other `astro build` is running; says so once if it has to wait. */
export async function waitForOtherAstroBuilds(limitMs: number, log: (message: string) => void = defaultLog): Promise<void> {
  const until = performance.now() + limitMs;
  let said = false;
  while (otherAstroBuilds().length > 0 && performance.now() < until) {
    if (!said) log(`  another astro build is running (pids ${otherAstroBuilds().join(', ')}): waiting for it, up to ${(limitMs / 1000).toFixed(1)} s`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Output of a build that failed because another build of site/ removed its prerender files. */
export const lostPrerenderFiles = (output: string) => output.includes('.astro/.prerender');
