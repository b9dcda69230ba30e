/**
 * Group commit for visitors' submissions. Submissions that arrive while the database is busy
 * with others are written together in one transaction: each through the Document Service (its
 * validation, middlewares and events), or, where a batch writer takes them (`BatchWriter`: new
 * rows, `insertInGroupCommit`; bookings, forms/booking-batch.ts), all of a kind at once, a
 * statement for many. One commit, and on SQLite one fsync of the write-ahead log, for the lot
 * instead of one each. Under load that
 * commit was the largest single cost of storing a submission. A visitor is answered only once
 * their submission's transaction has committed, so nothing acknowledged can be lost.
 *
 * If any write in a group fails, the whole group is rolled back and each of its writes runs again
 * in a transaction of its own: the others are stored as if alone, and the failing one gets its own
 * error. A batch writer gives a write a rule refuses its own error (a full session) and the rest
 * of the group goes on. Place-taking writes that are not batched, which rules refuse routinely,
 * run behind a savepoint instead: a write a rule refuses (a Strapi ValidationError; rules refuse
 * before they write) is rolled back to it and gets its error while the rest of the group goes on;
 * any other failure still sends the group round again one by one. Other submissions are refused
 * by no rule inside the write, and a savepoint costs two more round trips per write (comments on
 * PostgreSQL, measured here: 258/s with them, 312/s without), so theirs go without.
 *
 * Two queues. Writes that change nothing but their own new rows (an entry and its notice
 * e-mail) share `inGroupCommit`. Writes whose rules take a lock and read other rows (places on a
 * training session: document-rules/training-places.ts) use `inPlaceTakingGroupCommit`, one group
 * at a time: such a group holds the locks it took until it commits, and two of them taking two
 * sessions' locks in opposite orders would deadlock. A write must not itself wait for another
 * grouped write: that one would queue behind it.
 */
import { ruleIssues } from '../document-rules/rule-support';
import { queueNotices, type Notice } from '../outbox/notices';
import { batchInsert, canBatchInsert, type NewRow } from './batch-insert';

/** Writes in one transaction at most: bounds how long the first of a group waits for the last. */
const maxGroup = 50;

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Stores the items of a group's writes that share it, in the group's transaction: one outcome per
 * item, in order. An outcome that is an error is that write's alone (a rule refused it, and it
 * wrote nothing); throwing sends the whole group round again, each write by its `run`.
 */
export interface BatchWriter<Item> {
  write(items: Item[]): Promise<Outcome[]>;
}

interface Write {
  /** The write on its own: in a group that is not batched, or after its group failed. */
  run: () => Promise<unknown>;
  batch?: { writer: BatchWriter<unknown>; item: unknown };
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

const alone = (write: Write) => strapi.db.transaction(() => write.run()).then(write.resolve, write.reject);

/** Runs one write of a group; behind a savepoint, a write a rule refuses is undone alone. */
async function runInGroup(trx: { raw: (sql: string) => PromiseLike<unknown> }, write: Write, savepoint: boolean): Promise<Outcome> {
  if (!savepoint) return { ok: true, value: await write.run() };
  await trx.raw('SAVEPOINT group_write');
  try {
    const value = await write.run();
    await trx.raw('RELEASE SAVEPOINT group_write');
    return { ok: true, value };
  } catch (error) {
    if (!ruleIssues(error)) throw error;
    await trx.raw('ROLLBACK TO SAVEPOINT group_write');
    await trx.raw('RELEASE SAVEPOINT group_write');
    return { ok: false, error };
  }
}

async function commitGroup(group: Write[], savepoints: boolean): Promise<void> {
  if (group.length === 1 && !group[0]!.batch) return alone(group[0]!);
  let outcomes: Outcome[];
  try {
    outcomes = await strapi.db.transaction(async ({ trx }) => {
      const done: Outcome[] = new Array(group.length);
      const batches = new Map<BatchWriter<unknown>, number[]>();
      group.forEach(({ batch }, index) => {
        if (batch) batches.set(batch.writer, [...(batches.get(batch.writer) ?? []), index]);
      });
      for (const [writer, indexes] of batches) {
        const written = await writer.write(indexes.map((index) => group[index]!.batch!.item));
        if (written.length !== indexes.length) throw new Error('group commit: a batch writer gave the wrong number of outcomes');
        indexes.forEach((index, at) => (done[index] = written[at]!));
      }
      for (const [index, write] of group.entries()) if (!write.batch) done[index] = await runInGroup(trx, write, savepoints);
      return done;
    });
  } catch {
    for (const write of group) await alone(write);
    return;
  }
  group.forEach((write, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) write.resolve(outcome.value);
    else write.reject(outcome.error);
  });
}

/** A queue of writes, committed in groups by at most `groupsAtOnce()` writers at a time. */
function groupCommitQueue(options: { groupsAtOnce: () => number; savepoints: boolean }) {
  let waiting: Write[] = [];
  let writers = 0;

  async function drain(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const group = waiting.slice(0, maxGroup);
        waiting = waiting.slice(maxGroup);
        await commitGroup(group, options.savepoints);
      }
    } finally {
      writers--;
    }
  }

  return <T, Item = never>(write: () => Promise<T>, batch?: { writer: BatchWriter<Item>; item: Item }): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({ run: write, batch: batch as Write['batch'], resolve: resolve as (value: unknown) => void, reject });
      if (writers < options.groupsAtOnce()) {
        writers++;
        // Let the requests already read off the sockets queue theirs before the first group starts.
        setImmediate(() => void drain());
      }
    });
}

/**
 * Runs `write` (Document Service calls that add new rows only) in a transaction shared with the
 * writes waiting beside it. SQLite has one connection, so one group at a time. PostgreSQL answers
 * each query over the network: while one group waits for its answers, others can use further
 * connections of the pool (DATABASE_POOL_MAX, 10 by default), leaving most for the rest of the CMS.
 */
export const inGroupCommit = groupCommitQueue({ groupsAtOnce: () => (strapi.db.dialect.client === 'postgres' ? 4 : 1), savepoints: false });

interface NewRowWithNotice {
  row: NewRow;
  notice?: Notice;
}

/** A group's new rows: one INSERT per type (batch-insert.ts), then one INSERT of all their notice e-mails. */
const newRows: BatchWriter<NewRowWithNotice> = {
  async write(items) {
    const uids = [...new Set(items.map((item) => item.row.uid))];
    for (const uid of uids) await batchInsert(items.filter((item) => item.row.uid === uid).map((item) => item.row));
    await queueNotices(strapi, items.flatMap((item) => (item.notice ? [item.notice] : [])));
    return items.map(() => ({ ok: true, value: undefined }));
  },
};

/**
 * Stores a new submission with the others waiting beside it, and queues its notice e-mail in the
 * same transaction: a statement for all of a type, in the shared transaction of `inGroupCommit`.
 * If that group fails, or the type cannot be stored that way, the row goes through the Document
 * Service, which gives its own error, with its notice after it.
 */
export function insertInGroupCommit(row: NewRow, notice?: Notice): Promise<void> {
  const throughDocumentService = async () => {
    await strapi.documents(row.uid as never).create({ data: { ...row.data, ...row.links } } as never);
    if (notice) await queueNotices(strapi, [notice]);
  };
  return inGroupCommit(throughDocumentService, canBatchInsert(row) ? { writer: newRows, item: { row, notice } } : undefined);
}

/** Runs `write`, whose rules lock and count places, in a shared transaction, one group at a time. */
export const inPlaceTakingGroupCommit = groupCommitQueue({ groupsAtOnce: () => 1, savepoints: true });
