/**
 * The compiled CMS as a process of its own, for tests that kill it: boots cms/dist (no admin
 * build) with the environment it was started with (database, secrets, SMTP), listens on a free
 * port of 127.0.0.1 and prints `listening <url>`. SIGTERM shuts Strapi down; SIGKILL is a crash.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Strapi's ESM build imports directories, which Node's ESM loader refuses: load its CommonJS build.
const { createStrapi } = createRequire(import.meta.url)('@strapi/strapi') as typeof import('@strapi/strapi');

// No top-level await: tsx runs this file as CommonJS (cms/ is not an ES module package).
void createStrapi({ appDir: cmsDir, distDir: path.join(cmsDir, 'dist') })
  .load()
  .then((strapi) => {
    strapi.log.level = 'warn';
    strapi.server.listen(0, '127.0.0.1', () => {
      const { port } = strapi.server.httpServer.address() as AddressInfo;
      console.log(`listening http://127.0.0.1:${port}`);
    });
    process.once('SIGTERM', () => {
      void strapi.destroy().finally(() => process.exit(0));
    });
  });
