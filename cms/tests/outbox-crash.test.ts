/**
 * The CMS killed in the middle of a fan-out: the next start resumes, and every follower gets
 * the post exactly once. The CMS runs as a child process (compiled cms/dist, its own database
 * shared by both runs); the SMTP server is this test's, which holds one message's DATA
 * unanswered while the CMS is killed (SIGKILL), so that message was never accepted and must be
 * sent again, while the ones accepted before must not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMailCatcher, type MailCatcher, type RelayAnswer } from '../../scripts/lib/mail-catcher';
import { createDatabase, databaseKind, documents, startCms, type Database } from './support/cms';
import { insertConfirmedSubscribers, outbox, waitUntil } from './support/outbox';

const followers = 12;
const heldMessage = 5;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let database: Database;
let mail: MailCatcher;
let answer: RelayAnswer = () => undefined;
let postDocumentId: string;
const children: ChildProcess[] = [];

/** Reads the database directly: the CMS that writes it is another process. */
async function query<T>(sql: string): Promise<T[]> {
  if (database.kind === 'sqlite') {
    const Sqlite = createRequire(import.meta.url)('better-sqlite3');
    const db = new Sqlite(database.env.DATABASE_FILENAME, { readonly: true, fileMustExist: true, timeout: 5000 });
    try {
      return db.prepare(sql).all();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
const outboxStates = async () =>
  Object.fromEntries(
    (await query<{ state: string; n: number | string }>('select state, count(*) as n from outbox_messages group by state')).map((row) => [row.state, Number(row.n)]),
  ) as Partial<Record<'pending' | 'sent' | 'failed' | 'skipped', number>>;

/** Starts the compiled CMS as a child process on the test's database; resolves once it listens. */
async function startCmsProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'cms', 'tests', 'support', 'cms-process.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...database.env,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.smtpPort),
      // One connection: messages go one after another, so "the fifth" is well defined.
      SMTP_MAX_CONNECTIONS: '1',
      // A claim held by a killed CMS lapses after 2 s (the default minute would only slow the test).
      MAIL_OUTBOX_LEASE_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`the CMS process stopped before listening (${code ?? signal})`)));
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      if (text.includes('listening ')) resolve();
    });
  });
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

beforeAll(async () => {
  mail = await startMailCatcher({ answer: (message) => answer(message) });
  database = await createDatabase(databaseKind);
  // The set-up, in this process: followers, and a post whose e-mails are queued with its publish.
  // The worker is stopped first, so nothing is sent before the CMS process starts.
  const cms = await startCms(databaseKind, { database });
  try {
    await outbox.outboxWorker(cms.strapi).stop();
    await insertConfirmedSubscribers(cms.strapi, followers, 'crash');
    const post = await documents(cms, 'api::post.post').create({
      data: { title: 'Survives a crash', slug: 'survives-a-crash', date: '2026-05-01', body: 'Text.' },
      status: 'published',
    });
    postDocumentId = post.documentId;
    // Strapi reads the entry again for its entry.create/entry.publish events after the call
    // returns; stopping under those reads makes the database pool reject them.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } finally {
    await cms.stop();
  }
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  await mail?.close();
  await database?.drop();
});

describe('the CMS killed mid-fan-out', () => {
  let heldMessageId: string | undefined;

  test('killed while the relay holds the fifth message unanswered: four were sent and marked, none since', async () => {
    expect(await outboxStates()).toEqual({ pending: followers });
    let held: () => void = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    let seen = 0;
    answer = ({ raw }) => {
      if (++seen !== heldMessage) return undefined;
      heldMessageId = /^Message-ID:\s*(\S+)/im.exec(raw.toString('utf8'))?.[1];
      held();
      return new Promise(() => {}); // never answered
    };

    const first = await startCmsProcess();
    await holding;
    await waitUntil('the four accepted messages are marked sent', async () => (await outboxStates()).sent === heldMessage - 1);
    first.kill('SIGKILL');
    await exited(first);

    expect(mail.messages).toHaveLength(heldMessage - 1);
    expect(await outboxStates()).toEqual({ sent: heldMessage - 1, pending: followers - heldMessage + 1 });
  });

  test('the next start sends the rest, the unanswered one again with the same Message-ID, and nobody twice', async () => {
    answer = () => undefined;
    const second = await startCmsProcess();
    await waitUntil('every message is marked sent', async () => (await outboxStates()).sent === followers, 30_000);
    // Longer than the worker's idle poll: anything else it would send has gone by now.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    second.kill('SIGTERM');
    await exited(second);

    const perFollower = new Map<string, number>();
    for (const message of mail.messages) for (const address of message.to) perFollower.set(address, (perFollower.get(address) ?? 0) + 1);
    expect(perFollower.size).toBe(followers);
    expect([...perFollower.values()].every((count) => count === 1)).toBe(true);

    const resent = mail.messages.find((message) => message.headers.get('message-id') === heldMessageId);
    expect(heldMessageId).toMatch(/^<post-.+@iro-network\.test>$/);
    expect(resent, 'the message held at the crash was sent again').toBeDefined();

    expect(await outboxStates()).toEqual({ sent: followers });
    const [counts] = await query<{ sent: number; pending: number; failed: number }>(
      `select sent, pending, failed from post_notifications where post_document_id = '${postDocumentId}'`,
    );
    expect(counts).toEqual({ sent: followers, pending: 0, failed: 0 });
  });
});
