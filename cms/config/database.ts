import path from 'node:path';

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
        afterCreate: (connection: { pragma(sql: string): unknown }, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma('journal_mode = WAL');
          connection.pragma('synchronous = FULL');
          done(null, connection);
        },
      },
    },
  };
};
