/**
 * Serves a built static site as a production host would: hashed assets cached for a year
 * (immutable), HTML and feeds revalidated on every visit, the site's 404 page for anything
 * missing, and security headers. Files are looked up on every request (sirv's dev mode), so an
 * atomic switch of the folder (a symlink swap) is picked up at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

export const securityHeaders: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, options: { port?: number; host?: string } = {}): Promise<StaticServer> {
  const serve = sirv(dir, {
    dev: true,
    etag: true,
    extensions: ['html'],
    setHeaders(response, pathname) {
      for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
      response.setHeader('Cache-Control', pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
      if (pathname.endsWith('.ics')) response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      if (pathname.endsWith('.xml')) response.setHeader('Content-Type', 'application/xml; charset=utf-8');
    },
  });
  const server = http.createServer((request, response) =>
    serve(request, response, () => {
      const notFound = path.join(dir, '404.html');
      response.statusCode = 404;
      for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(existsSync(notFound) ? readFileSync(notFound) : 'Not found');
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host === '0.0.0.0' ? 'localhost' : (options.host ?? '127.0.0.1')}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive connections would hold close() open
      }),
  };
}
