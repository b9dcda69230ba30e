/** Where the benchmarks find the project. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = path.resolve(benchDir, '..');
export const siteDir = path.join(rootDir, 'site');
export { testSiteUrl } from '../../site/tests/support/build';
