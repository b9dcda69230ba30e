import { defineConfig } from 'vitest/config';

/**
 * Test projects, grouped by what they need:
 * - content-types: pure unit tests of the definitions and their schemas.
 * - scripts: the site builder (debounce, one build at a time, atomic switch) and its webhook server.
 * - cms-sqlite / cms-postgres: the real Strapi, booted in-process per file on a fresh database.
 * - site: the loader against the real CMS, the real site built from it, then parsed and browsed.
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

/** Test files outside site/ that run real `astro build`s: they belong with the site's, one at a time. */
const siteBuilding = ['scripts/tests/deployment.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'content-types', include: ['content-types/tests/**/*.test.ts'] } },
      { test: { name: 'scripts', include: ['scripts/tests/**/*.test.ts'], exclude: [...siteBuilding] } },
      cmsProject('sqlite'),
      {
        test: {
          name: 'site',
          include: ['site/tests/**/*.test.ts', ...siteBuilding],
          // Builds and a browser on a 2-core machine: one file at a time. Two `astro build`s of
          // one checkout also share site/.astro/ and would break each other.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      ...(process.env.TEST_POSTGRES === '1' ? [cmsProject('postgres')] : []),
    ],
  },
});
