/**
 * Fan-out benchmark: how long the CMS takes to e-mail a new post to N confirmed followers, from
 * the publish to the last message accepted by a local SMTP server, through the outbox.
 *
 *   bash scripts/node.sh tsx bench/fan-out.ts [--subscribers 10000] [--databases sqlite,postgres]
 *                                             [--rate-limit <mails/s>] [--connections <n>] [--timeout-min 10]
 *
 * For each database (SQLite; PostgreSQL when it answers at TEST_POSTGRES_URL):
 *   1. the CMS (compiled cms/dist, a fresh temporary database) boots in this process, its mail
 *      going to an SMTP server in a child process (bench/support/smtp-process.ts: smtp-server, which
 *      accepts every message and counts them per recipient);
 *   2. N confirmed followers are inserted straight into the database (batched createMany);
 *   3. one post is created published through the Document Service, as the seed or a script
 *      would (the admin's Publish takes the same path): the publish queues N outbox rows in its
 *      transaction, and the CMS's outbox worker sends them over the pooled SMTP connections at
 *      the configured rate limit (SMTP_RATE_LIMIT, default the CMS's own);
 *   4. the clock stops when the SMTP server has accepted N messages, and again when the post's
 *      "New-post e-mail" entry shows them all marked sent;
 *   5. checks: every follower got exactly one message, and every outbox row is sent.
 * Printed: seconds to drain, mails/s, the ratio to the issue's target (10,000 mails in < 60 s),
 * CPU of the CMS, of the SMTP server and of everything else on the machine. Figures only:
 * nothing is asserted (a failed check is reported and makes the exit status 1). The figures
 * also go to bench/results/fan-out-<timestamp>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { documents, startCms, type DatabaseKind, type RunningCms } from '../cms/tests/support/cms';
import { insertConfirmedSubscribers, postNotification } from '../cms/tests/support/outbox';
import { startSink, type Sink } from './support/smtp-sink';
import { compileCms } from './support/content';
import { machineBusySeconds } from './support/measure';
import { benchDir, rootDir } from './support/paths';
import { readOptions } from './support/cli';

const targetMails = 10_000;
const targetSeconds = 60;

const given = readOptions(
  process.argv.slice(2),
  {
    subscribers: { type: 'string' },
    databases: { type: 'string' },
    'rate-limit': { type: 'string' },
    connections: { type: 'string' },
    'timeout-min': { type: 'string' },
  },
  import.meta.url,
);
const options = {
  subscribers: Number(given.subscribers ?? targetMails),
  databases: (given.databases ?? 'sqlite,postgres').split(',').map((name) => name.trim()) as DatabaseKind[],
  rateLimit: given['rate-limit'],
  connections: given.connections,
  timeoutMs: Number(given['timeout-min'] ?? 10) * 60_000,
};
if (!Number.isInteger(options.subscribers) || options.subscribers < 1) throw new Error('--subscribers takes a positive whole number');
if (options.databases.some((name) => name !== 'sqlite' && name !== 'postgres')) throw new Error('--databases takes sqlite, postgres or both');
if (!(options.timeoutMs > 0)) throw new Error('--timeout-min takes a positive number');

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

// ---------------------------------------------------------------------------------------------
// One run

interface RunResult {
  database: DatabaseKind;
  subscribers: number;
  rateLimit: string;
  connections: string;
  insertMs: number;
  /** The publish call: the post written and N outbox rows queued in its transaction. */
  publishMs: number;
  firstMailMs: number | null;
  /** Publish call → the SMTP server accepted the last message. */
  drainMs: number | null;
  /** Publish call → the post's entry shows every message marked sent. */
  markedMs: number | null;
  mailsPerSecond: number | null;
  vsTarget: number | null;
  checks: { accepted: number; recipients: number; duplicates: number; outboxSent: number; outboxOther: number; ok: boolean };
  cmsCpuS: number;
  smtpCpuS: number;
  otherCpuS: number | null;
  cmsRssBeforeMb: number;
  cmsPeakRssMb: number;
  timedOut: boolean;
}

async function run(database: DatabaseKind, sink: Sink): Promise<RunResult> {
  let cms: RunningCms | undefined;
  try {
    log(`${database}: starting the CMS on a fresh database...`);
    cms = await startCms(database);
    const rateLimit = process.env.SMTP_RATE_LIMIT ?? 'default (250)';
    const connections = process.env.SMTP_MAX_CONNECTIONS ?? 'default (2)';

    log(`${database}: inserting ${options.subscribers} confirmed followers...`);
    const insertStarted = performance.now();
    const followers = await insertConfirmedSubscribers(cms.strapi, options.subscribers, 'follower');
    const insertMs = performance.now() - insertStarted;
    log(`${database}: ${followers.length} followers in ${seconds(insertMs)} s; publishing one post...`);

    sink.send({ type: 'reset' });
    await sink.request({ type: 'report' }, 'report');
    const done = sink.request({ type: 'expect', count: options.subscribers }, 'done');
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
    const busyBefore = machineBusySeconds();
    const cpuBefore = process.cpuUsage();
    const startedAt = Date.now();
    const started = performance.now();

    const post = await documents(cms, 'api::post.post').create({
      data: { title: 'Fan-out benchmark post', slug: 'fan-out-benchmark-post', date: '2026-05-01', excerpt: 'One e-mail to every follower.', body: 'Text.' },
      status: 'published',
    });
    const publishMs = performance.now() - started;
    log(`${database}: published in ${seconds(publishMs)} s (${options.subscribers} e-mails queued); waiting for the SMTP server to accept them all...`);

    const timeout = sleep(options.timeoutMs).then(() => undefined);
    const finished = await Promise.race([done, timeout]);
    let markedMs: number | null = null;
    if (finished) {
      const deadline = performance.now() + 60_000;
      while (performance.now() < deadline) {
        const entry = await postNotification(cms.strapi, post.documentId);
        if (entry?.finishedAt) {
          markedMs = performance.now() - started;
          break;
        }
        await sleep(50);
      }
    }
    clearInterval(sampler);
    const cmsCpuS = cpuSeconds(process.cpuUsage(cpuBefore));
    const sinkReport = await sink.request({ type: 'report' }, 'report');
    const busy = machineBusySeconds() - busyBefore;
    const otherCpuS = Number.isNaN(busy) ? null : Math.max(0, Math.round((busy - cmsCpuS - sinkReport.cpuS) * 10) / 10);

    const rows = cms.strapi.db.query('api::outbox-message.outbox-message' as never);
    const outboxSent = await rows.count({ where: { postDocumentId: post.documentId, state: 'sent' } });
    const outboxOther = (await rows.count({ where: { postDocumentId: post.documentId } })) - outboxSent;
    const drainMs = finished && sinkReport.lastAt ? sinkReport.lastAt - startedAt : null;
    const checks = {
      accepted: sinkReport.accepted,
      recipients: sinkReport.recipients,
      duplicates: sinkReport.duplicates,
      outboxSent,
      outboxOther,
      ok: sinkReport.accepted === options.subscribers && sinkReport.recipients === options.subscribers && sinkReport.duplicates === 0 && outboxSent === options.subscribers && outboxOther === 0,
    };
    return {
      database,
      subscribers: options.subscribers,
      rateLimit,
      connections,
      insertMs,
      publishMs,
      firstMailMs: sinkReport.firstAt ? sinkReport.firstAt - startedAt : null,
      drainMs,
      markedMs,
      mailsPerSecond: drainMs ? Math.round(options.subscribers / (drainMs / 1000)) : null,
      vsTarget: drainMs ? Math.round((drainMs / 1000 / targetSeconds) * (targetMails / options.subscribers) * 100) / 100 : null,
      checks,
      cmsCpuS: Math.round(cmsCpuS * 10) / 10,
      smtpCpuS: Math.round(sinkReport.cpuS * 10) / 10,
      otherCpuS,
      cmsRssBeforeMb: Math.round(rssBefore / 1024 ** 2),
      cmsPeakRssMb: Math.round(peakRss / 1024 ** 2),
      timedOut: !finished,
    };
  } finally {
    await cms?.stop();
  }
}

// ---------------------------------------------------------------------------------------------

function report(results: (RunResult | { database: DatabaseKind; skipped: string })[], context: Record<string, unknown>): string {
  const out = [`Fan-out benchmark at ${context.commit} (${context.cpus} CPUs, ${context.memoryGb} GB RAM, Node ${process.versions.node}; the machine is shared: see other CPU s)`, ''];
  for (const result of results) {
    if ('skipped' in result) {
      out.push(`${result.database}: skipped (${result.skipped})`, '');
      continue;
    }
    const value = (ms: number | null) => (ms === null ? '–' : `${seconds(ms)} s`);
    out.push(
      `${result.database}: ${result.subscribers} confirmed followers, SMTP rate limit ${result.rateLimit} mails/s, ${result.connections} pooled connections${result.timedOut ? ' (TIMED OUT)' : ''}`,
      `  followers inserted            ${value(result.insertMs)}  (setup, not counted)`,
      `  publish call (queues all)     ${value(result.publishMs)}`,
      `  first mail accepted           ${value(result.firstMailMs)}`,
      `  all mails accepted (drain)    ${value(result.drainMs)}  ${result.mailsPerSecond ?? '–'} mails/s`,
      `  all marked sent in the CMS    ${value(result.markedMs)}`,
      `  vs target (10,000 in < 60 s)  ${result.vsTarget === null ? '–' : `${result.vsTarget.toFixed(2)}x of the 60 s budget${result.subscribers === targetMails ? '' : ' (scaled to 10,000)'}`}`,
      `  CPU s: CMS ${result.cmsCpuS.toFixed(1)}, SMTP server ${result.smtpCpuS.toFixed(1)}, other ${result.otherCpuS?.toFixed(1) ?? '–'}; CMS RSS ${result.cmsRssBeforeMb} MB before the publish, ${result.cmsPeakRssMb} MB at most during it`,
      `  check: ${result.checks.accepted} accepted, ${result.checks.recipients} distinct recipients, ${result.checks.duplicates} got more than one; outbox ${result.checks.outboxSent} sent, ${result.checks.outboxOther} not sent: ${result.checks.ok ? 'every follower got exactly one' : 'FAILED'}`,
    );
    const drainS = (result.drainMs ?? 0) / 1000;
    if (result.otherCpuS !== null && result.otherCpuS > Math.max(1, 0.15 * drainS))
      out.push(`  note: other processes used ${result.otherCpuS.toFixed(1)} CPU s meanwhile; the figures may be disturbed`);
    out.push('');
  }
  out.push(
    'drain: from the publish call to the SMTP server\'s 250 for the last message. The SMTP server runs in a child process on this',
    'machine and keeps nothing but counts, so the figures are the CMS\'s side: queueing, claiming, rendering, SMTP over loopback, marking sent.',
    'CPU s: this process (Strapi, the outbox worker, nodemailer, and SQLite, which runs in it), the SMTP server\'s process, and the rest',
    'of the machine (on PostgreSQL that includes the database server). The rate limit caps the speed: at 250 mails/s, 10,000 take at least 40 s.',
  );
  return out.join('\n');
}

const startedAt = new Date();
compileCms(rootDir, log);
const sink = await startSink();
process.env.SMTP_HOST = '127.0.0.1';
process.env.SMTP_PORT = String(sink.port);
if (options.rateLimit !== undefined) process.env.SMTP_RATE_LIMIT = options.rateLimit;
if (options.connections !== undefined) process.env.SMTP_MAX_CONNECTIONS = options.connections;
delete process.env.SITE_BUILDER_URL;

const results: (RunResult | { database: DatabaseKind; skipped: string })[] = [];
let failed = false;
try {
  for (const database of options.databases) {
    try {
      const result = await run(database, sink);
      results.push(result);
      if (!result.checks.ok || result.timedOut) failed = true;
    } catch (error) {
      if (database === 'postgres' && /ECONNREFUSED|connect/i.test(String((error as Error).message))) {
        results.push({ database, skipped: `PostgreSQL not reachable: ${(error as Error).message}` });
      } else throw error;
    }
  }
} finally {
  await sink.close();
}

const git = (args: string[]) => spawnSync('git', args, { cwd: rootDir, encoding: 'utf8' }).stdout?.trim() ?? '';
const context = {
  commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'cms', 'content-types']) ? ' (with uncommitted changes)' : ''}`,
  cpus: cpus().length,
  memoryGb: Math.round(totalmem() / 1024 ** 3),
};
console.log(report(results, context));
const resultsDir = path.join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `fan-out-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ benchmark: 'fan-out', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: { ...context, cpuModel: cpus()[0]?.model, node: process.versions.node }, options, results }, null, 2)}\n`,
);
console.log(`\nFigures written to ${path.relative(rootDir, file)}`);
process.exit(failed ? 1 : 0);
