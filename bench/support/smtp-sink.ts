/**
 * The benchmarks' SMTP server, run in a process of its own (bench/support/smtp-process.ts) so
 * that accepting mail does not share the CMS's event loop: it accepts every message and keeps
 * only how many each recipient got.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SinkReport } from './smtp-process';

export type { SinkReport };

export interface Sink {
  port: number;
  request(message: object, answer: SinkReport['type']): Promise<SinkReport>;
  send(message: object): void;
  /** Messages accepted since the last reset. */
  accepted(): Promise<number>;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./smtp-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP server stopped (exit ${code})`)));
    child.on('message', (message: { type: string; port?: number }) => {
      if (message.type === 'listening') resolve(message.port!);
    });
  });
  const request = (message: object, answer: SinkReport['type']) =>
    new Promise<SinkReport>((resolve) => {
      const listener = (reply: SinkReport) => {
        if (reply.type !== answer) return;
        child.off('message', listener);
        resolve(reply);
      };
      child.on('message', listener);
      child.send(message);
    });
  return {
    port,
    request,
    send: (message) => child.send(message),
    accepted: async () => (await request({ type: 'report' }, 'report')).accepted,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}
