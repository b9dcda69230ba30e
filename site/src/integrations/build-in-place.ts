/**
 * Building over the last build's output, as the site builder does after a publish
 * (BUILD_IN_PLACE=1, with the output folder holding exactly what the last build made). Astro then
 * leaves each page it takes from its build cache where it already is, instead of copying it in
 * again: at 10,000 posts that copy was 20,000 files and most of a publish's time. Once the build
 * is done, this removes every file the build no longer makes (the pages and share images of posts
 * unpublished, deleted or renamed, old bundles), so the folder holds what a build into an empty
 * one would. A file is kept if Astro lists it as a page's or endpoint's output, or if it was written
 * during this build (bundles, optimised images, public files, the sitemap); the start is marked by
 * a file written at the start, so its time and the files' times come from the same clock. Folders
 * another integration keeps up to date itself (the share cards) are left to it.
 */
import { lstatSync, mkdirSync, readdirSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const startMark = '.build-started';

/**
 * Removes files under `dir` that are not in `keep` and are older than `since`, then folders left
 * empty; folders in `leave` are not entered. Returns how many files it removed, and whether `dir`
 * is now empty.
 */
function removeStale(dir: string, keep: Set<string>, leave: Set<string>, since: number): { removed: number; empty: boolean } {
  let removed = 0;
  let left = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && leave.has(file)) left++;
    else if (entry.isDirectory()) {
      const inside = removeStale(file, keep, leave, since);
      removed += inside.removed;
      if (inside.empty) rmdirSync(file);
      else left++;
    } else if (!keep.has(file) && lstatSync(file).mtimeMs < since) {
      unlinkSync(file);
      removed++;
    } else left++;
  }
  return { removed, empty: left === 0 };
}

/** `leave`: folders of the output (relative to it) that another integration keeps up to date. */
export function buildInPlace(enabled: boolean, { leave = [] as string[] } = {}): AstroIntegration {
  let outDir = '';
  return {
    name: 'iro:build-in-place',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        if (enabled) updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        if (!enabled) return;
        mkdirSync(outDir, { recursive: true });
        writeFileSync(path.join(outDir, startMark), '');
      },
      'astro:build:done': ({ dir, assets, logger }) => {
        if (!enabled) return;
        const root = fileURLToPath(dir);
        const mark = path.join(root, startMark);
        const since = statSync(mark).mtimeMs;
        unlinkSync(mark);
        const made = new Set([...assets.values()].flat().map((url) => fileURLToPath(url)));
        const { removed } = removeStale(root, made, new Set(leave.map((folder) => path.join(root, folder))), since);
        logger.info(`built over the last build: ${removed} file(s) it no longer makes removed`);
      },
    },
  };
}
