/**
 * `npm run seed`: loads the demo content (cms/demo-content) into the CMS's database. Safe to run
 * again: entries that exist are left as they are. Stop the CMS first when it runs on SQLite.
 */
import { ensureCmsEnv } from './lib/cms-env.js';
import { compile } from './lib/run.js';
import { seedModule, withStrapi } from './lib/strapi.js';

try {
  ensureCmsEnv();
  compile();
  const { seedDemoContent } = seedModule();
  const report = await withStrapi((strapi) => seedDemoContent(strapi));
  const created = Object.entries(report.created).map(([type, count]) => `${count} ${type}`);
  const skipped = Object.values(report.skipped).reduce((sum, count) => sum + (count ?? 0), 0);
  console.log(`Seed: created ${created.length > 0 ? created.join(', ') : 'nothing'}; ${skipped} already there.`);
  process.exit(0);
} catch (error) {
  console.error(`Seed failed: ${(error as Error).message}`);
  console.error('Nothing was written.');
  process.exit(1);
}
