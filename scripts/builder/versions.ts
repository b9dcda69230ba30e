/**
 * Folders made one per version (`<ms>-<n>`: a build, a search index) beside a link that says
 * which one is served. The link moves in one rename, so readers see the old version or the new,
 * never a mix; old versions are removed in the background, since deleting a 10,000-page build
 * takes seconds and a static server may share this process.
 */
import { readdirSync, renameSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { runInBackground } from '../lib/run.js';

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

/**
 * Removes, in the background, all but the newest `keep` versions in `dir` other than `current`;
 * resolves when they are gone. `rm -rf` in a process of its own: Node's own recursive removal
 * queues tens of thousands of unlinks on the thread pool this process's file reads share, and a
 * static server in this process then answered up to 2 s late while an old build went (measured:
 * a small file read took up to 0.8 s during the removal of 20,000 files, 8 ms with `rm -rf`).
 */
export function removeOldVersions(dir: string, current: string, keep: number, onError: (name: string, error: Error) => void): Promise<void> {
  const older = versionsIn(dir).filter((name) => name !== current);
  const removals = older.slice(0, Math.max(0, older.length - keep)).map((name) =>
    runInBackground('rm', ['-rf', '--', path.join(dir, name)]).then(
      ({ ok, output }) => (ok ? undefined : onError(name, new Error(output.trim() || 'rm failed'))),
      (error: Error) => onError(name, error),
    ),
  );
  return Promise.all(removals).then(() => undefined);
}
