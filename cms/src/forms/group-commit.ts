/**
 * Group commit for visitors' submissions. Each submission is still written through the Document
 * Service (its validation, middlewares and events), but submissions that arrive while the
 * database is busy with others are written together in one transaction: one commit, and on
 * SQLite one fsync of the write-ahead log, for the lot instead of one each. Under load that
 * commit was the largest single cost of storing a comment. A visitor is answered only once their
 * submission's transaction has committed, so nothing acknowledged can be lost.
 *
 * If any write in a group fails, the whole group is rolled back and each of its writes runs again
 * in a transaction of its own: the others are stored as if alone, and the failing one gets its own
 * error. Only writes that change nothing but their own new rows belong here (an entry and its
 * notice e-mail; no rule that reads other rows, no lock): a write that locks or checks places
 * keeps its own transaction. A write must not itself wait for another grouped write: that one
 * would queue behind it.
 */

/** Writes in one transaction at most: bounds how long the first of a group waits for the last. */
const maxGroup = 50;

/**
 * Groups written at once. SQLite has one connection, so one. PostgreSQL answers each query over
 * the network: while one group waits for its answers, others can use further connections of the
 * pool (DATABASE_POOL_MAX, 10 by default), leaving most for the rest of the CMS.
 */
const groupsAtOnce = () => (strapi.db.dialect.client === 'postgres' ? 4 : 1);

interface Write {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

let waiting: Write[] = [];
let writers = 0;

/** Runs `write` (Document Service calls) in a transaction shared with the writes waiting beside it. */
export function inGroupCommit<T>(write: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    waiting.push({ run: write, resolve: resolve as (value: unknown) => void, reject });
    if (writers < groupsAtOnce()) {
      writers++;
      // Let the requests already read off the sockets queue theirs before the first group starts.
      setImmediate(() => void drain());
    }
  });
}

async function drain(): Promise<void> {
  try {
    while (waiting.length > 0) {
      const group = waiting.slice(0, maxGroup);
      waiting = waiting.slice(maxGroup);
      await commitGroup(group);
    }
  } finally {
    writers--;
  }
}

const alone = (write: Write) => strapi.db.transaction(() => write.run()).then(write.resolve, write.reject);

async function commitGroup(group: Write[]): Promise<void> {
  if (group.length === 1) return alone(group[0]!);
  let results: unknown[];
  try {
    results = await strapi.db.transaction(async () => {
      const done: unknown[] = [];
      for (const write of group) done.push(await write.run());
      return done;
    });
  } catch {
    for (const write of group) await alone(write);
    return;
  }
  group.forEach((write, index) => write.resolve(results[index]));
}
