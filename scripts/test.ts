/**
 * `npm test`: compiles the content model and the CMS, then runs every vitest project. The CMS
 * suites run on SQLite always, and again on PostgreSQL when the server answers
 * (TEST_POSTGRES_URL, default postgres://root@127.0.0.1:5432/postgres). Under CI=true a
 * missing PostgreSQL is an error, not a skip. Arguments go to vitest.
 */
import net from 'node:net';
import { compile, run } from './lib/run.js';

const postgresUrl = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres');

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

try {
  compile();
  const postgres = await reachable(postgresUrl.hostname, Number(postgresUrl.port || 5432));
  if (!postgres && process.env.CI) {
    throw new Error(`PostgreSQL is not reachable at ${postgresUrl.host}; CI runs every CMS suite on it too.`);
  }
  console.log(`iro-network: CMS suites run on SQLite${postgres ? ' and PostgreSQL' : ' only (PostgreSQL not reachable)'}.`);
  run('vitest', ['run', ...process.argv.slice(2)], { env: { ...process.env, TEST_POSTGRES: postgres ? '1' : '0' } });
} catch (error) {
  console.error(`iro-network: ${(error as Error).message}`);
  process.exit(1);
}
