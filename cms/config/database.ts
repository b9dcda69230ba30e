import path from 'node:path';
import { LRUCache } from 'lru-cache';

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): object;
}

/**
 * Keeps each SQL statement compiled once per connection. knex asks better-sqlite3 to prepare
 * (parse and plan) every query anew; Strapi sends the same few shapes of SQL again and again with
 * different values, and under load compiling them was about a sixteenth of the CMS's CPU. SQLite
 * recompiles a kept statement by itself if the schema changes under it.
 */
function keepPreparedStatements(connection: SqliteConnection): void {
  const prepare = connection.prepare.bind(connection);
  const kept = new LRUCache<string, object>({ max: 1000 });
  connection.prepare = (sql: string) => {
    let statement = kept.get(sql);
    if (!statement) kept.set(sql, (statement = prepare(sql)));
    return statement;
  };
}

/**
 * SQLite in cms/.tmp by default; PostgreSQL when DATABASE_URL is set (postgres://user:pass@host/db).
 * Nothing is built differently for either: the choice is made at start.
 */
export default ({ env }: { env: any }) => {
  const url: string = env('DATABASE_URL', '');
  if (url) {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: url,
          ssl: env.bool('DATABASE_SSL', false) ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) } : false,
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
      },
    };
  }
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: path.resolve(__dirname, '..', '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
      useNullAsDefault: true,
      pool: {
        // Write-ahead log: a commit appends to the log and syncs it once, instead of writing and
        // syncing a rollback journal and the database; reading never waits for a write.
        // synchronous=FULL keeps every committed submission through a power cut too.
        afterCreate: (connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = FULL');
          keepPreparedStatements(connection);
          done(null, connection);
        },
      },
    },
  };
};
