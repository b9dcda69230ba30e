import path from 'node:path';
import { cmsDir, compiledModule } from './cms';

type SeedModule = typeof import('../../src/seed/index');

/**
 * The seed module as Strapi runs it: the compiled CMS. Loaded on first use, not on import: the
 * benchmarks import this before they compile `cms/dist` on a fresh clone.
 */
export const compiledSeed = (): SeedModule => compiledModule<SeedModule>('seed/index');

export const seedDemoContent: SeedModule['seedDemoContent'] = (...args) => compiledSeed().seedDemoContent(...args);

export const demoContentDir = path.join(cmsDir, 'demo-content');
