/**
 * What every queue of e-mails in the database shares: a worker, in every CMS instance that serves
 * requests, that claims due rows in batches, hands them to the e-mail plugin's pooled SMTP
 * connection (which applies the rate limit) and writes down what became of each.
 *
 * - Claiming: a batch of due rows gets a random claim token and a lease in one conditional
 *   UPDATE (only rows that are pending, due and unleased), so two workers, in one CMS or in
 *   several sharing PostgreSQL, never claim the same row. The lease is renewed while the batch
 *   is sent; a CMS that dies stops renewing it, and the next worker takes the rows once it lapses.
 * - Exactly once: a row is settled (`settleSent`) as soon as the relay has answered 250 to its
 *   DATA, in one write for the messages accepted meanwhile (a group commit: no timer, the window
 *   is one database write). A message the relay never accepted stays pending and is sent again;
 *   only a crash between the relay's 250 and that write sends a message twice.
 * - Failures: a 4xx answer or a lost connection is retried with exponential back-off; a 5xx
 *   answer, or too many attempts, marks the row failed with the relay's words.
 *
 * The queue's own table needs the columns `state` ('pending', 'failed', …), `attempts`,
 * `nextAttemptAt`, `leaseOwner`, `leaseExpiresAt` and `lastError`.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { backoffMs, outboxSettings, type OutboxSettings } from './settings';

export interface QueuedRow {
  id: number;
  attempts: number;
}

interface SmtpError extends Error {
  code?: string;
  /** The SMTP command the answer was to (nodemailer's). */
  command?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Final: a 5xx to this message's recipient or to the message itself (RCPT TO, DATA), or a message
 * nodemailer cannot address or build. A 5xx to the greeting, the login or our sender (MAIL FROM)
 * is about the relay or our settings and refuses every message alike: retried with back-off, as a
 * 4xx or a lost connection is, so a wrong password or an unverified sender delays every
 * follower's e-mail until it is put right rather than failing them all for good.
 */
const isPermanent = (error: SmtpError) =>
  typeof error.responseCode === 'number'
    ? error.responseCode >= 500 && (error.command === 'RCPT TO' || error.command === 'DATA')
    : error.code === 'EENVELOPE' || error.code === 'EMESSAGE';

const describe = (error: SmtpError) => (error.response ?? `${error.code ? `${error.code}: ` : ''}${error.message}`).slice(0, 1000);

/** Column values that end a claim. */
export const released = { leaseOwner: null, leaseExpiresAt: null };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A worker per Strapi instance, made on first use: several CMS instances in one process (tests) each get their own. */
export function onePerStrapi<W>(make: (strapi: Core.Strapi) => W): (strapi: Core.Strapi) => W {
  const made = new WeakMap<Core.Strapi, W>();
  return (strapi) => {
    let worker = made.get(strapi);
    if (!worker) made.set(strapi, (worker = make(strapi)));
    return worker;
  };
}

export abstract class MailQueueWorker<Row extends QueuedRow> {
  private running = false;
  protected stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** Rows the relay accepted that are not settled yet, and the write in progress. */
  private accepted: number[] = [];
  private marking: Promise<void> | undefined;
  private tidiedAt = 0;

  constructor(
    protected readonly strapi: Core.Strapi,
    /** The queue's content type. */
    private readonly uid: string,
    /** The columns a claimed batch is read with (`id` and `attempts` among them). */
    private readonly columns: string[],
    readonly settings: OutboxSettings = outboxSettings(),
  ) {}

  protected get rows() {
    return this.strapi.db.query(this.uid as never);
  }

  /** What the queue is called in the log. */
  protected abstract readonly name: string;

  /**
   * Turns a claimed batch into messages; rows left out are settled by this method itself (for
   * instance skipped because nobody wants them any more).
   */
  protected abstract prepare(batch: Row[], token: string): Promise<{ row: Row; mail: object }[]>;

  /** Writes down that the relay accepted these rows. */
  protected abstract settleSent(ids: number[]): Promise<void>;

  /**
   * After a batch, whatever the queue keeps up to date (counts, for instance); `failed` are the
   * rows of the batch marked failed for good, with the relay's answer.
   */
  protected async afterBatch(_batch: Row[], _failed: { row: Row; reason: string }[]): Promise<void> {}

  /** Clears out what the queue no longer keeps; run by an idle worker, at most every `tidyEveryMs`. */
  protected async tidy(_now: Date): Promise<void> {}

  /** Starts sending in the background: now, whenever woken, and every `idlePollMs` while idle. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    if (wakeUp) wakeUp();
    else this.woken = true;
  }

  /** Lets the messages already handed to SMTP finish and be settled, releases the rest of the batch, and stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let handled = 0;
      try {
        handled = await this.sendBatch();
      } catch (error) {
        this.strapi.log.error(`${this.name}: ${(error as Error).message}`);
      }
      if (handled === 0 && this.running) {
        await this.tidyNowAndThen();
        await this.idle();
      }
    }
  }

  private async tidyNowAndThen(): Promise<void> {
    if (Date.now() - this.tidiedAt < this.settings.tidyEveryMs) return;
    this.tidiedAt = Date.now();
    try {
      await this.tidy(new Date());
    } catch (error) {
      this.strapi.log.error(`${this.name}: could not clear out old rows: ${(error as Error).message}`);
    }
  }

  private idle(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, this.settings.idlePollMs);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Claims up to `batchSize` due rows for this worker alone; returns them and the claim token. */
  async claim(now = new Date()): Promise<{ token: string; batch: Row[] }> {
    const due = {
      state: 'pending',
      nextAttemptAt: { $lte: now },
      $or: [{ leaseExpiresAt: { $null: true } }, { leaseExpiresAt: { $lt: now } }],
    };
    const candidates: { id: number }[] = await this.rows.findMany({ where: due, select: ['id'], orderBy: { id: 'asc' }, limit: this.settings.batchSize });
    const token = randomUUID();
    if (candidates.length === 0) return { token, batch: [] };
    // The conditions are checked again row by row as the UPDATE takes each row's lock: a row
    // another worker claimed in between no longer matches and stays theirs.
    await this.rows.updateMany({
      where: { ...due, id: { $in: candidates.map((row) => row.id) } },
      data: { leaseOwner: token, leaseExpiresAt: new Date(now.getTime() + this.settings.leaseMs) },
    });
    const batch: Row[] = await this.rows.findMany({ where: { leaseOwner: token }, select: this.columns, orderBy: { id: 'asc' } });
    return { token, batch };
  }

  /** Claims one batch and sends it; returns how many rows it handled (0: nothing was due). */
  async sendBatch(): Promise<number> {
    const { token, batch } = await this.claim();
    if (batch.length === 0) return 0;
    const toSend = await this.prepare(batch, token);
    const failures = await this.sendAll(token, toSend);
    await this.settleAccepted();
    const now = Date.now();
    const failed: { row: Row; reason: string }[] = [];
    for (const { row, error } of failures) {
      const attempts = row.attempts + 1;
      const final = isPermanent(error) || attempts >= this.settings.maxAttempts;
      const reason = describe(error);
      const { count } = await this.rows.updateMany({
        where: { id: row.id, leaseOwner: token },
        // updatedAt by hand: the query engine's updateMany leaves it, and it dates the failure.
        data: {
          ...(final ? { state: 'failed' } : { nextAttemptAt: new Date(now + backoffMs(this.settings, attempts)) }),
          attempts,
          lastError: reason,
          updatedAt: new Date(now),
          ...released,
        },
      });
      if (final && count > 0) failed.push({ row, reason });
    }
    // Rows never handed to SMTP (stopping, or the lease was lost) go back for the next worker.
    await this.rows.updateMany({ where: { leaseOwner: token, state: 'pending' }, data: released });
    await this.afterBatch(batch, failed);
    return batch.length;
  }

  /**
   * Hands the messages to the SMTP pool, `inFlight` at a time, while the lease holds and the
   * worker runs; settles each accepted one at once. Returns the failures.
   */
  private async sendAll(token: string, toSend: { row: Row; mail: object }[]) {
    const email = this.strapi.plugin('email').service('email') as { send(options: object): Promise<unknown> };
    const failures: { row: Row; error: SmtpError }[] = [];
    let next = 0;
    let leaseHeld = true;
    const renew = setInterval(() => {
      this.rows
        .updateMany({ where: { leaseOwner: token, state: 'pending' }, data: { leaseExpiresAt: new Date(Date.now() + this.settings.leaseMs) } })
        .then(({ count }: { count: number }) => {
          // Nothing of ours left while messages wait: the lease lapsed and another worker has them.
          if (count === 0 && next < toSend.length) leaseHeld = false;
        })
        .catch((error: Error) => this.strapi.log.warn(`${this.name}: could not renew a lease: ${error.message}`));
    }, this.settings.leaseMs / 3);
    const lane = async () => {
      while (next < toSend.length && leaseHeld && !this.stopping) {
        const { row, mail } = toSend[next++]!;
        try {
          // Strapi's nodemailer provider gives a message without HTML its text as HTML as well, which a
          // mail program renders: a visitor's text would be markup. An empty HTML part is none at all.
          await email.send({ html: '', ...mail });
          this.markAccepted(row.id);
        } catch (error) {
          failures.push({ row, error: error as SmtpError });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.settings.inFlight, toSend.length) }, lane));
    } finally {
      clearInterval(renew);
    }
    if (!leaseHeld) this.strapi.log.warn(`${this.name}: a batch's lease lapsed while sending; its remaining messages are left to the worker that took them.`);
    return failures;
  }

  /** Accepted by the relay: settled with the others accepted meanwhile, one write at a time. */
  private markAccepted(id: number): void {
    this.accepted.push(id);
    this.marking ??= this.writeAccepted();
  }

  private async writeAccepted(): Promise<void> {
    try {
      let failures = 0;
      while (this.accepted.length > 0) {
        const ids = this.accepted.splice(0);
        try {
          await this.settleSent(ids);
        } catch (error) {
          // The relay has these: never drop them silently. Retry a few times, then say so.
          if (++failures > 5) {
            this.strapi.log.error(`${this.name}: ${ids.length} sent e-mails could not be marked sent (${(error as Error).message}); they will be sent again.`);
            continue;
          }
          this.accepted.unshift(...ids);
          await sleep(500 * failures);
        }
      }
    } finally {
      this.marking = undefined;
    }
  }

  private async settleAccepted(): Promise<void> {
    while (this.marking || this.accepted.length > 0) await (this.marking ??= this.writeAccepted());
  }
}
