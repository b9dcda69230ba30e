/**
 * A local SMTP server that keeps every message instead of delivering it: the demo's mail (npm
 * start) and the tests' real SMTP peer. Messages are parsed (mailparser), kept in memory, written
 * to a folder as .eml files when one is given, and listed on a small web page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** Every header as it was sent (mailparser reshapes some, such as List-*), unfolded. */
  headerLines: { key: string; line: string }[];
  /** The message as the relay received it (MIME), for what parsing hides, such as an empty part. */
  raw: Buffer;
  receivedAt: Date;
}

/**
 * The relay's answer to a message, for tests: undefined accepts it (250); an error with an SMTP
 * `responseCode` refuses it with that code; a promise that never settles leaves the DATA
 * unanswered, as a relay that hangs would. Only accepted messages are kept.
 */
export type RelayAnswer = (message: { to: string[]; raw: Buffer }) => Promise<SmtpRefusal | undefined> | SmtpRefusal | undefined;
/** The relay's answer to a message's sender (MAIL FROM), for tests: undefined accepts it; a refusal refuses every message from it, as a relay that does not know the sender, or a wrong setting, would. */
export type SenderAnswer = (from: string) => SmtpRefusal | undefined;
export interface SmtpRefusal {
  responseCode: number;
  message: string;
}

export interface MailCatcher {
  smtpPort: number;
  messages: CaughtMail[];
  /** Resolves when at least `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMail[]>;
  /** Starts the page that lists the messages; returns its URL. */
  serveInbox(port?: number): Promise<string>;
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escaped text with its web links made clickable (the link text and target are the escaped URL). */
const linkify = (text: string) => escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
const addresses = (field: ParsedMail['to']) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((entry) => entry.address ?? ''));

export async function startMailCatcher(options: { port?: number; saveTo?: string; answer?: RelayAnswer; answerSender?: SenderAnswer } = {}): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Close at once on stop, even while a pooled client keeps its connection open.
    closeTimeout: 100,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onMailFrom(address, _session, callback) {
      const refusal = options.answerSender?.(address.address);
      callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const refusal = await options.answer?.({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
        if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }));
        const parsed = await simpleParser(raw);
        messages.push({
          to: addresses(parsed.to),
          from: parsed.from?.text ?? '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          headers: parsed.headers,
          headerLines: parsed.headerLines.map(({ key, line }) => ({ key, line: line.replace(/\r?\n(?=[ \t])/g, '') })),
          raw,
          receivedAt: new Date(),
        });
        if (options.saveTo) {
          mkdirSync(options.saveTo, { recursive: true });
          writeFileSync(path.join(options.saveTo, `${Date.now()}-${messages.length}.eml`), raw);
        }
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const smtpPort = (server.server.address() as AddressInfo).port;
  let inbox: http.Server | undefined;

  return {
    smtpPort,
    messages,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, Math.min(left, 200));
        });
      }
      return messages;
    },
    async serveInbox(port = 0) {
      inbox = http.createServer((_request, response) => {
        const items = [...messages]
          .reverse()
          .map((mail) => `<article><h2>${escapeHtml(mail.subject)}</h2><p>To ${escapeHtml(mail.to.join(', '))}, ${mail.receivedAt.toLocaleString('en-GB')}</p><pre>${linkify(mail.text)}</pre></article>`)
          .join('\n');
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        response.end(`<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Demo inbox</title><style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap}article{border-top:3px solid #0d5c52;margin-top:1.5rem}</style></head><body><h1>Demo inbox</h1><p>Every e-mail the CMS sent while npm start runs. Links in them work.</p>${items || '<p>No mail yet.</p>'}</body></html>`);
      });
      await new Promise<void>((resolve) => inbox!.listen(port, '127.0.0.1', resolve));
      return `http://localhost:${(inbox.address() as AddressInfo).port}/`;
    },
    async close() {
      inbox?.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), inbox ? new Promise<void>((resolve) => inbox!.close(() => resolve())) : undefined]);
    },
  };
}
