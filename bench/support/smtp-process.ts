/**
 * The benchmarks' SMTP server (bench/support/smtp-sink.ts starts it), run in a process of its own
 * (so it does not share the CMS's event loop): accepts every message (250 once DATA has fully arrived), keeps nothing but
 * how many messages each recipient got, and talks to the benchmark over IPC.
 *
 * Messages from the benchmark: `{ type: 'expect', count }` answers `{ type: 'done', ... }` once
 * `count` messages have been accepted since the last reset; `{ type: 'report' }` answers at once;
 * `{ type: 'reset' }` forgets everything; `{ type: 'close' }` stops.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkReport {
  type: 'done' | 'report';
  accepted: number;
  /** Distinct recipients, and those who got more than one message. */
  recipients: number;
  duplicates: number;
  /** Date.now() of the first and the last accepted message. */
  firstAt: number | null;
  lastAt: number | null;
  /** This process's CPU time since the last reset, seconds. */
  cpuS: number;
}

const perRecipient = new Map<string, number>();
let accepted = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;
let cpuAtReset = process.cpuUsage();
let expected: number | undefined;

const report = (type: SinkReport['type']): SinkReport => {
  const cpu = process.cpuUsage(cpuAtReset);
  return {
    type,
    accepted,
    recipients: perRecipient.size,
    duplicates: [...perRecipient.values()].filter((count) => count > 1).length,
    firstAt,
    lastAt,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
};

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  closeTimeout: 100,
  onData(stream, session, callback) {
    stream.resume();
    stream.on('end', () => {
      for (const rcpt of session.envelope.rcptTo) perRecipient.set(rcpt.address, (perRecipient.get(rcpt.address) ?? 0) + 1);
      accepted++;
      lastAt = Date.now();
      firstAt ??= lastAt;
      callback();
      if (expected !== undefined && accepted >= expected) {
        expected = undefined;
        process.send!(report('done'));
      }
    });
  },
});

server.listen(0, '127.0.0.1', () => process.send!({ type: 'listening', port: (server.server.address() as AddressInfo).port }));

process.on('message', (message: { type: string; count?: number }) => {
  if (message.type === 'expect') {
    expected = message.count;
    if (accepted >= expected!) {
      expected = undefined;
      process.send!(report('done'));
    }
  } else if (message.type === 'report') process.send!(report('report'));
  else if (message.type === 'reset') {
    perRecipient.clear();
    accepted = 0;
    firstAt = lastAt = null;
    cpuAtReset = process.cpuUsage();
  } else if (message.type === 'close') server.close(() => process.exit(0));
});
