import { defineConfig } from 'vitest/config';

/**
 * Test projects, grouped by what they need:
 * - content-types: pure unit tests of the definitions and their schemas.
 * - cms-sqlite / cms-postgres: the real Strapi, booted in-process per file on a fresh database.
 *   The PostgreSQL project runs when TEST_POSTGRES=1 (scripts/test.ts sets it when the server
 *   answers; CI requires it).
 */
const cmsProject = (database: 'sqlite' | 'postgres') => ({
  test: {
    name: `cms-${database}`,
    include: ['cms/tests/**/*.test.ts'],
    env: { TEST_DATABASE: database },
    // One Strapi at a time: each boot takes a few seconds and ~300 MB on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'content-types', include: ['content-types/tests/**/*.test.ts'] } },
      cmsProject('sqlite'),
      ...(process.env.TEST_POSTGRES === '1' ? [cmsProject('postgres')] : []),
    ],
  },
});
