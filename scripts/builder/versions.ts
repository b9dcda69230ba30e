/**
 * Folders made one per version (`<ms>-<n>`: a build, a search index) beside a link that says
 * which one is served. The link moves in one rename, so readers see the old version or the new,
 * never a mix; old versions are removed in the background, since deleting a 10,000-page build
 * takes seconds and a static server may share this process.
 */
import { readdirSync, renameSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

let switches = 0;

/** Points `link` at `target` (a path relative to the link's folder, or absolute) in one rename. */
export function pointLink(link: string, target: string): void {
  const temporaryLink = `${link}.${process.pid}.${++switches}`;
  symlinkSync(path.isAbsolute(target) ? path.relative(path.dirname(link), target) : target, temporaryLink, 'dir');
  renameSync(temporaryLink, link);
}

/** The versions in `dir`, oldest first (anything else there, such as a work folder, is left out). */
const versionsIn = (dir: string) =>
  readdirSync(dir)
    .filter((name) => /^\d+-\d+$/.test(name))
    .sort((a, b) => Number(a.split('-')[0]) - Number(b.split('-')[0]) || a.localeCompare(b));

/** Removes, in the background, all but the newest `keep` versions in `dir` other than `current`. */
export function removeOldVersions(dir: string, current: string, keep: number, onError: (name: string, error: Error) => void): void {
  const older = versionsIn(dir).filter((name) => name !== current);
  for (const name of older.slice(0, Math.max(0, older.length - keep))) {
    rm(path.join(dir, name), { recursive: true, force: true }).catch((error: Error) => onError(name, error));
  }
}
