/**
 * Visitors' forms under sustained load: form POSTs to the running CMS, on SQLite and on
 * PostgreSQL, with autocannon; requests/s and p50/p99 latency per form, against the same CMS
 * answering its health check under the same load (the cost of Strapi's middleware alone), and a
 * check afterwards that every accepted submission is stored (and, where it queues an e-mail, mailed).
 *
 *   npm run bench:forms
 *   bash scripts/node.sh tsx bench/forms.ts --databases sqlite --duration 5
 *
 * Options:
 *   --databases sqlite,postgres   databases to run on (PostgreSQL is skipped when unreachable)
 *   --forms comment,enquiry,training-booking
 *                                 forms to load (see `formLoads` below for each body)
 *   --duration 10                 seconds of load per form
 *   --connections 20              concurrent connections (autocannon -c)
 *
 * Figures only; it never fails because something was slow. It exits non-zero only when the CMS
 * cannot start or a submission the CMS accepted is missing (or its e-mail unsent) afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { documents, startCms, type DatabaseKind, type RunningCms } from '../cms/tests/support/cms';
import { seedDemoContent } from '../cms/tests/support/seed';
import { readOptions } from './support/cli';
import { compileCms } from './support/content';
import { machineBusySeconds, ownAndChildrenCpuSeconds } from './support/measure';
import { benchDir, rootDir } from './support/paths';
import { startSink } from './support/smtp-sink';

const options = readOptions(
  process.argv.slice(2),
  {
    databases: { type: 'string', default: 'sqlite,postgres' },
    forms: { type: 'string', default: 'comment,enquiry,training-booking' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
  import.meta.url,
);
const duration = Number(options.duration);
const connections = Number(options.connections);

/** The target from the issue: at least this many submissions a second, with p99 under `p99Ms`. */
const target = { perSecond: 500, p99Ms: 100 };

interface Load {
  /** The private type the accepted submissions are stored in. */
  uid: string;
  /** A JSON body; `[<id>]` becomes a fresh id per request (addresses must differ for bookings). */
  body: (fixture: Fixture) => object;
  /** What a form does besides storing. */
  note: string;
  /** Each stored submission queues one e-mail. */
  mails?: boolean;
}

interface Fixture {
  post: string;
  course: string;
  session: string;
}

const formLoads: Record<string, Load> = {
  comment: {
    uid: 'api::comment.comment',
    body: ({ post }) => ({ post, authorName: 'Load test', email: 'reader-[<id>]@example.org', body: 'A comment sent under load.' }),
    note: 'stores a held comment (spam checks, settings read)',
  },
  enquiry: {
    uid: 'api::enquiry.enquiry',
    body: () => ({ name: 'Load test', email: 'asker-[<id>]@example.org', subject: 'Under load', message: 'An enquiry sent under load.' }),
    note: 'stores the enquiry and its e-mail to the contact address together; the notice worker mails it',
    mails: true,
  },
  'training-booking': {
    uid: 'api::training-booking.training-booking',
    body: ({ course, session }) => ({ course, kind: 'booking', sessionKey: session, name: 'Load test', email: 'trainee-[<id>]@example.org' }),
    note: 'counts places and books one at a time per session, then queues a confirmation e-mail',
    mails: true,
  },
};

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

const autocannonBin = path.join(path.dirname(createRequire(import.meta.url).resolve('autocannon/package.json')), 'autocannon.js');

/** Runs autocannon in its own process (so it does not share the CMS's event loop) and reads its JSON. */
function cannon(url: string, body?: object): Promise<CannonResult> {
  const args = [autocannonBin, '-j', '-c', String(connections), '-d', String(duration)];
  if (body) args.push('-m', 'POST', '-H', 'content-type=application/json', '-H', 'accept=application/json', '-I', '-b', JSON.stringify(body));
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as CannonResult);
      } catch {
        reject(new Error(`autocannon exited ${code}: ${err.trim().slice(-500)}`));
      }
    });
  });
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function fixtureFor(cms: RunningCms): Promise<Fixture> {
  const post = await documents(cms, 'api::post.post').findFirst({ status: 'published', filters: { commentsOpen: true } });
  const date = new Date(Date.now() + 60 * 864e5).toISOString().slice(0, 10);
  const course = await documents(cms, 'api::training-course.training-course').create({
    data: { title: 'Load-test course', slug: 'load-test-course', sessions: [{ date, startTime: '09:30:00.000', endTime: '13:00:00.000', format: 'online', capacity: 10000, bookingOpen: true }] },
    status: 'published',
  });
  return { post: post.documentId, course: course.documentId, session: `${date}T09:30` };
}

/** The value of `read` once it has not changed for a second. */
async function settled(read: () => Promise<number>): Promise<number> {
  let last = await read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = await read();
    if (now === last) return now;
    last = now;
  }
}

interface Row {
  database: DatabaseKind;
  load: string;
  perSecond: number;
  p50: number;
  p99: number;
  accepted: number;
  refused: number;
  errors: number;
  stored: number;
  /** E-mails the SMTP server accepted for this load (the notices, sent by the queue's worker). */
  mailed: number;
  /** From the end of the load until the last of its e-mails reached the SMTP server. */
  mailDrainS: number;
  /** Whether each stored submission should have been mailed. */
  mails: boolean;
  /** Webhooks Strapi posted to the (stand-in) site builder meanwhile. */
  webhooks: number;
  /**
   * CPU the CMS process used during the load, per answered request: what a request costs, which
   * other work on the machine changes far less than it changes the rate.
   */
  cmsCpuMsPerRequest: number;
  otherCpuS: number;
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Stands in for the site builder, as `npm start` and production wire it: Strapi's webhooks come
 * here. It counts them and answers at once, so a submission that made Strapi post to the builder
 * shows in the figures.
 */
async function startBuilderStandIn() {
  let received = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/webhook`,
    received: () => received,
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}

async function runOn(database: DatabaseKind, forms: string[]): Promise<Row[]> {
  const sink = await startSink();
  const builder = await startBuilderStandIn();
  Object.assign(process.env, {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sink.port),
    FORM_RATE_LIMIT: '100000000',
    SITE_URL: 'https://iro-network.test',
    SITE_BUILDER_URL: builder.url,
    SITE_BUILDER_SECRET: 'bench-builder-secret-0123456789',
  });
  const cms = await startCms(database);
  const rows: Row[] = [];
  try {
    await seedDemoContent(cms.strapi);
    const fixture = await fixtureFor(cms);
    const measured = async (load: string, run: () => Promise<CannonResult>, count?: () => Promise<number>, mails = false) => {
      const before = count ? await count() : 0;
      const mailBefore = await sink.accepted();
      const webhooksBefore = builder.received();
      const busyBefore = machineBusySeconds();
      const ownBefore = ownAndChildrenCpuSeconds();
      const cmsBefore = process.cpuUsage();
      const result = await run();
      const cmsCpu = process.cpuUsage(cmsBefore);
      const other = machineBusySeconds() - busyBefore - (ownAndChildrenCpuSeconds() - ownBefore);
      // Requests autocannon gave up on when its time ran out may still complete: wait until the
      // rows and the mail stop moving, so the count is final and nothing is left in flight.
      // The load's e-mails wait in the notice queue: how long after the load it is empty.
      const loadEnded = Date.now();
      const notices = cms.strapi.db.query('api::notice-email.notice-email' as never);
      while ((await notices.count({ where: { state: 'pending' } })) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const mailDrainS = (Date.now() - loadEnded) / 1000;
      const stored = count ? (await settled(count)) - before : result['2xx'];
      const mailed = (await settled(() => sink.accepted())) - mailBefore;
      const row: Row = {
        database,
        load,
        perSecond: result['2xx'] / duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        accepted: result['2xx'],
        refused: result.non2xx,
        errors: result.errors + result.timeouts,
        stored,
        mailed,
        mailDrainS,
        mails,
        webhooks: builder.received() - webhooksBefore,
        cmsCpuMsPerRequest: (cmsCpu.user + cmsCpu.system) / 1000 / Math.max(1, result['2xx'] + result.non2xx),
        otherCpuS: other,
      };
      rows.push(row);
      console.log(
        `  ${load.padEnd(22)} ${fmt(row.perSecond).padStart(6)}/s  p50 ${fmt(row.p50).padStart(4)} ms  p99 ${fmt(row.p99).padStart(4)} ms  accepted ${row.accepted}, stored ${row.stored}${row.stored > row.accepted ? ' (the rest finished after the run ended)' : ''}${row.refused ? `, refused ${row.refused}` : ''}${row.errors ? `, errors ${row.errors}` : ''}${row.mailed ? `; mailed ${row.mailed}, the last ${fmt(row.mailDrainS, 1)} s after the load` : ''}${row.webhooks ? `; ${row.webhooks} webhooks to the builder` : ''}; CMS CPU ${fmt(row.cmsCpuMsPerRequest, 2)} ms a request  (other CPU ${fmt(other, 1)} s)`,
      );
    };
    // The seed's publishes are still being posted to the builder: let them finish first.
    await settled(async () => builder.received());
    console.log(`\n${database}: ${connections} connections, ${duration} s each`);
    await measured('baseline: GET /_health', () => cannon(`${cms.url}/_health`));
    for (const name of forms) {
      const load = formLoads[name];
      if (!load) throw new Error(`no load for form "${name}"; known: ${Object.keys(formLoads).join(', ')}`);
      await measured(`POST /api/forms/${name}`, () => cannon(`${cms.url}/api/forms/${name}`, load.body(fixture)), () => cms.strapi.db.query(load.uid as never).count(), load.mails);
    }
    console.log(`  (mail accepted by the SMTP server: ${await sink.accepted()})`);
  } finally {
    await cms.stop();
    await sink.close();
    await builder.close();
  }
  return rows;
}

compileCms(rootDir);
const forms = String(options.forms).split(',').map((name) => name.trim());
const postgresUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const rows: Row[] = [];
for (const database of String(options.databases).split(',').map((name) => name.trim()) as DatabaseKind[]) {
  if (database === 'postgres' && !(await reachable(postgresUrl))) {
    console.log(`\npostgres: skipped, nothing answers at ${new URL(postgresUrl).host}`);
    continue;
  }
  rows.push(...(await runOn(database, forms)));
}

console.log('\nAgainst the target (≥ 500 submissions/s at p99 < 100 ms, none lost), and the baseline of the same run:');
let lost = 0;
for (const row of rows.filter((candidate) => !candidate.load.startsWith('baseline'))) {
  const baseline = rows.find((candidate) => candidate.database === row.database && candidate.load.startsWith('baseline'))!;
  const unmailed = row.mails ? Math.max(0, row.stored - row.mailed) : 0;
  lost += Math.max(0, row.accepted - row.stored) + unmailed;
  console.log(
    `  ${row.database.padEnd(8)} ${row.load.padEnd(32)} ${fmt(row.perSecond / target.perSecond, 2)}x the rate target, p99 ${fmt(row.p99 / target.p99Ms, 2)}x the latency limit, ${fmt(row.perSecond / baseline.perSecond, 2)}x the baseline's rate; ${row.stored >= row.accepted ? 'every accepted submission stored' : `${row.accepted - row.stored} accepted submissions MISSING`}${row.mails ? (unmailed ? `, ${unmailed} e-mails NOT SENT` : ', each one mailed') : ''}`,
  );
}
mkdirSync(path.join(benchDir, 'results'), { recursive: true });
const file = path.join(benchDir, 'results', `forms-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ connections, duration, target, rows }, null, 2));
console.log(`\nFigures written to ${path.relative(rootDir, file)}. The machine's other work during each run is "other CPU".`);
process.exit(lost > 0 ? 1 : 0);
