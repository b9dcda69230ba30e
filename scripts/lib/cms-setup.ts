/**
 * What `npm start` and `npm run dev` both do before the CMS runs: check ports, build the admin
 * panel when its sources changed, seed an empty database and create the first editor, and wait
 * for the CMS to answer. Every failure is one line that says what to do.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { ensureFirstAdmin } from './first-admin.js';
import { cmsDir, repoRoot } from './paths.js';
import { ensurePreviewToken } from './preview-token.js';
import { run } from './run.js';
import { seedModule, withStrapi } from './strapi.js';

export const say = (line: string) => console.log(`iro-network: ${line}`);

/** Exits with a one-line reason and what to do about it. */
export function fail(reason: string): never {
  console.error(`iro-network: ${reason}`);
  process.exit(1);
}

/** Everything the admin panel bundle depends on; the panel is rebuilt only when this changes (a build takes ~35 s). */
function adminSourceHash(): string {
  const hash = createHash('sha256');
  const add = (file: string) => existsSync(file) && hash.update(file).update(readFileSync(file));
  add(path.join(repoRoot, 'package-lock.json'));
  add(path.join(cmsDir, 'package.json'));
  add(path.join(cmsDir, 'config', 'admin.ts'));
  const adminDir = path.join(cmsDir, 'src', 'admin');
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else add(full);
    }
  };
  walk(adminDir);
  return hash.digest('hex');
}

export function buildAdminIfChanged(): void {
  const stampFile = path.join(cmsDir, 'dist', 'build', '.iro-admin-source');
  const current = adminSourceHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === current) return;
  say('building the admin panel (first start or its sources changed; about a minute)...');
  run('strapi', ['build'], { cwd: cmsDir });
  writeFileSync(stampFile, current);
}

async function databaseIsEmpty(strapi: Core.Strapi): Promise<boolean> {
  for (const uid of Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith('api::'))) {
    if ((await strapi.db.query(uid as never).count()) > 0) return false;
  }
  return true;
}

/** Seeds an empty database and creates the first editor, with the CMS loaded in this process. */
export async function prepareDatabase() {
  const { seedDemoContent } = seedModule();
  try {
    return await withStrapi(async (strapi) => {
      let seeded = false;
      if (await databaseIsEmpty(strapi)) {
        say('empty database: loading the demo content...');
        await seedDemoContent(strapi);
        seeded = true;
      }
      return { seeded, admin: await ensureFirstAdmin(strapi), previewToken: await ensurePreviewToken(strapi) };
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/file is not a database|SQLITE_NOTADB|SQLITE_CORRUPT|malformed/i.test(message)) {
      fail(
        'the CMS database (cms/.tmp/data.db) is damaged or not a SQLite file: move it away with its data.db-wal and data.db-shm files, or delete all three to start afresh with the demo content, then run npm start again.',
      );
    }
    throw error;
  }
}

export async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`the CMS stopped while starting (exit ${child.exitCode}); its log is above.`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  fail(`the CMS did not answer at ${url} within ${timeoutMs / 1000} s.`);
}

