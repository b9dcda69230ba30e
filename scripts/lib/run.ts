import { spawn, spawnSync } from 'node:child_process';
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

/**
 * Runs a command in a process of its own without holding up this one, and resolves with whether it
 * succeeded and what it printed; an aborted `signal` stops it (resolved as failed, "stopped").
 */
export function runInBackground(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {},
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => (error.name === 'AbortError' ? resolve({ ok: false, output: `${output}\nstopped` }) : reject(error)));
    child.on('exit', (code) => resolve({ ok: code === 0, output }));
  });
}
