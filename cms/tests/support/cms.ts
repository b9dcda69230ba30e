/**
 * Boots the real Strapi in-process for tests: compiled `cms/dist` (no admin build), a fresh
 * database (a temporary SQLite file, or a new PostgreSQL database), listening on a free port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import pg from 'pg';
import type { Core } from '@strapi/strapi';

// Strapi's ESM build imports directories (`lodash/fp`), which Node's ESM loader refuses: load its CommonJS build.
const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');

export const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type DatabaseKind = 'sqlite' | 'postgres';

/** The database the suite runs against: `TEST_DATABASE=postgres` selects PostgreSQL. */
export const databaseKind: DatabaseKind = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** Server holding the test databases; each run makes its own database there and drops it after. */
const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

export interface RunningCms {
  strapi: Core.Strapi;
  /** Base URL of the running CMS, e.g. http://127.0.0.1:41234 */
  url: string;
  /** GET a REST path (`/api/regions`) as the public does; returns status and parsed JSON. */
  get(pathAndQuery: string): Promise<{ status: number; body: any }>;
  /** Stops Strapi and deletes the database (unless it was given to `startCms`). */
  stop(): Promise<void>;
}

export interface Database {
  kind: DatabaseKind;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temporary SQLite file, or a new PostgreSQL database. */
export async function createDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'iro-cms-'));
    return {
      kind,
      env: { DATABASE_FILENAME: path.join(dir, 'data.db'), DATABASE_URL: '' },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `iro_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

const secret = () => randomBytes(16).toString('base64');

type Listener = (...args: any[]) => void;

/** Every process listener, so they can be put back: `strapi.destroy()` removes them all (vitest's own too). */
const snapshotListeners = () =>
  new Map(process.eventNames().map((event) => [event, process.listeners(event as any) as Listener[]]));

function restoreListeners(snapshot: Map<string | symbol, Listener[]>) {
  for (const [event, listeners] of snapshot) {
    const current = process.listeners(event as any);
    for (const listener of listeners) if (!current.includes(listener)) process.on(event as any, listener);
  }
}

/** Boots the CMS on a fresh database, or on `database` (which `stop()` then keeps). */
export async function startCms(kind: DatabaseKind = databaseKind, options: { database?: Database } = {}): Promise<RunningCms> {
  const database = options.database ?? (await createDatabase(kind));
  Object.assign(process.env, {
    HOST: '127.0.0.1',
    PORT: '0',
    APP_KEYS: `${secret()},${secret()}`,
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_LEVEL: 'warn',
    FORM_TOKEN_SECRET: secret(),
    IP_HASH_SALT: secret(),
    SITE_URL: process.env.SITE_URL ?? 'https://iro-network.test',
    ...database.env,
  });
  const listeners = snapshotListeners();

  const strapi = await createStrapi({ appDir: cmsDir, distDir: path.join(cmsDir, 'dist') }).load();
  strapi.log.level = 'warn';
  await new Promise<void>((resolve) => strapi.server.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    strapi,
    url,
    async get(pathAndQuery) {
      const response = await fetch(url + pathAndQuery);
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      await strapi.destroy();
      restoreListeners(listeners);
      if (!options.database) await database.drop();
    },
  };
}

/**
 * A module of the CMS as compiled in `cms/dist` (`forms/group-commit`): the instance the running
 * CMS loaded, so its queues and caches are the ones the CMS uses.
 */
export const compiledModule = <Module>(modulePath: string): Module => createRequire(import.meta.url)(path.join(cmsDir, 'dist', 'src', `${modulePath}.js`)) as Module;

/**
 * The CMS's own boot-time permission rule, as compiled, to run it again mid-test. Loaded on call:
 * the benchmarks import this module before they compile `cms/dist` on a fresh clone.
 */
export const applyPublicPermissionsFromDist = (strapi: Core.Strapi): Promise<void> =>
  compiledModule<typeof import('../../src/public-api/permissions')>('public-api/permissions').applyPublicPermissions(strapi);

/** The Document Service of a content type, loosely typed: tests write fixtures of any shape. */
export const documents = (cms: RunningCms, uid: string): any => cms.strapi.documents(uid as any);

/** How many INSERT statements into `table` the CMS sent while `run` ran, and what `run` gave. */
export async function insertsInto<T>(cms: RunningCms, table: string, run: () => Promise<T>): Promise<{ inserts: number; result: T }> {
  // PostgreSQL's statements name the schema ("public"."comments").
  const pattern = new RegExp(`^insert into (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"] `, 'i');
  let inserts = 0;
  const listener = (query: { sql?: string }) => {
    if (pattern.test(String(query.sql ?? '').trim())) inserts++;
  };
  cms.strapi.db.connection.on('query', listener);
  try {
    return { result: await run(), inserts };
  } finally {
    cms.strapi.db.connection.off('query', listener);
  }
}

/** A call to the admin panel's API as a signed-in editor: resolves to its JSON, throws on a refusal. */
export type AdminCall = (method: string, path: string, body?: unknown) => Promise<any>;

/** Makes the first editor of a fresh CMS, signs them in, and calls the admin's API as the admin panel does. */
export async function asEditor(cms: RunningCms): Promise<AdminCall> {
  const credentials = { email: 'editor@example.org', password: 'Editor-password-1' };
  const users = cms.strapi.service('admin::user') as unknown as { createFirstAdmin(data: object): Promise<unknown> };
  await users.createFirstAdmin({ ...credentials, firstname: 'Ed', lastname: 'Itor' });
  const login = await fetch(`${cms.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  return async (method, path, body) => {
    const response = await fetch(cms.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}
