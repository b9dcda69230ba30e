/**
 * The builder's HTTP face. Strapi's webhooks POST here with the shared secret; a change that
 * visitors can see (`rebuildReason`) triggers a (debounced) rebuild. Also `/status` for editors
 * and monitoring, `/rebuild` for a manual rebuild, `/healthz` for container health checks.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rebuildReason, type StrapiChange } from '@iro/content-types';
import type { BuildScope, SiteBuilder } from './site-builder.js';

/**
 * A publish may reuse everything it did not change; "Rebuild now" in the admin (and `/rebuild`)
 * is how an editor asks for a build from scratch.
 */
const scopeOf = (payload: StrapiChange): BuildScope => (payload.uid === 'api::site-build.site-build' ? 'fresh' : 'changes');

function hasSecret(request: http.IncomingMessage, secret: string): boolean {
  const given = Buffer.from(String(request.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const maxBody = 1024 * 1024;

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startWebhookServer(options: { builder: SiteBuilder; secret: string; port?: number; host?: string; log?: (line: string) => void }) {
  const { builder, secret } = options;
  if (secret.length < 16) throw new Error('The builder secret must be at least 16 characters.');
  const send = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = http.createServer(async (request, response) => {
    const receivedAt = Date.now();
    const url = new URL(request.url ?? '/', 'http://builder');
    try {
      if (request.method === 'GET' && url.pathname === '/healthz') return send(response, 200, { ok: true });
      if (!hasSecret(request, secret)) return send(response, 401, { error: 'missing or wrong secret' });
      if (request.method === 'GET' && url.pathname === '/status') return send(response, 200, builder.status());
      if (request.method === 'POST' && url.pathname === '/rebuild') {
        builder.request('rebuild requested', receivedAt, 'fresh');
        return send(response, 202, { accepted: true });
      }
      if (request.method === 'POST' && url.pathname === '/webhook') {
        let payload: StrapiChange;
        try {
          payload = JSON.parse(await readBody(request)) as StrapiChange;
        } catch (error) {
          return send(response, 400, { error: (error as Error).message === 'body too large' ? 'body too large' : 'body is not JSON' });
        }
        const reason = rebuildReason(payload);
        if (reason) builder.request(reason, receivedAt, scopeOf(payload));
        return send(response, 202, { accepted: Boolean(reason) });
      }
      return send(response, 404, { error: 'not found' });
    } catch (error) {
      options.log?.(`builder: ${(error as Error).message}`);
      return send(response, 500, { error: 'internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive connections would hold close() open
      }),
  };
}
