import { createRequire } from 'node:module';
import path from 'node:path';
import { cmsDir } from './cms';

/** The seed module as Strapi runs it: the compiled CMS. */
export const { seedDemoContent, SeedError, keyFieldOf } = createRequire(import.meta.url)(
  path.join(cmsDir, 'dist', 'src', 'seed', 'index.js'),
) as typeof import('../../src/seed/index');

export const demoContentDir = path.join(cmsDir, 'demo-content');
