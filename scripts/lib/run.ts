import { spawnSync } from 'node:child_process';
import { repoRoot } from './paths.js';

/** Runs a command to completion with its output shown; throws with a one-line reason if it fails. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, stdio: 'inherit' });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Compiles the content model and the CMS (incremental: fast when nothing changed). */
export function compile(): void {
  run('tsc', ['-b', 'content-types']);
  run('tsc', ['-p', 'cms']);
}
