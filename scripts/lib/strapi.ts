import { createRequire } from 'node:module';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { cmsDir, cmsEnvFile } from './paths.js';

const require = createRequire(import.meta.url);

/**
 * Loads the compiled CMS in this process (no HTTP server), runs `work` with it and shuts it
 * down. Used for seeding and first-admin creation, which must not race a running CMS.
 */
export async function withStrapi<T>(work: (strapi: Core.Strapi) => Promise<T>): Promise<T> {
  process.env.ENV_PATH ??= cmsEnvFile;
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
  process.env.LOG_LEVEL ??= 'warn';
  // Strapi's ESM build imports directories, which Node's ESM loader refuses: use its CommonJS build.
  const { createStrapi } = require('@strapi/strapi') as typeof import('@strapi/strapi');
  const strapi = await createStrapi({ appDir: cmsDir, distDir: path.join(cmsDir, 'dist') }).load();
  try {
    return await work(strapi);
  } finally {
    await strapi.destroy();
  }
}

/** The compiled seed module of the CMS. */
export const seedModule = () =>
  require(path.join(cmsDir, 'dist', 'src', 'seed', 'index.js')) as typeof import('../../cms/src/seed/index.js');
