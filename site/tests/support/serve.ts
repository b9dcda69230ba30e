/** Serves a built site over HTTP on a free local port, as a static host would (404 page included). */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export async function serveSite(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const serve = sirv(dir, { dev: false, etag: true, extensions: ['html'] });
  const server = http.createServer((request, response) =>
    serve(request, response, () => {
      response.statusCode = 404;
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(readFileSync(path.join(dir, '404.html'), 'utf8'));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
