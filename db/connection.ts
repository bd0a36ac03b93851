/**
 * The one way Loupe talks to PostgreSQL: Kysely over `pg`, whether the server is the embedded
 * one that `npm start` runs or a managed one named by DATABASE_URL.
 */
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { staticMigrationProvider } from './migrations';
import type { Database } from './schema';

// Dates come back as JS Dates (the default); BIGINT (int8) stays a string to avoid silent overflow.

export function createDb(connectionString: string, options: { maxConnections?: number } = {}): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: options.maxConnections ?? 10 });
  // An idle client losing its connection (e.g. the server restarting) must not crash the process.
  pool.on('error', (error) => console.error(`[db] idle connection error: ${error.message}`));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

export async function pingDb(db: Kysely<Database>): Promise<void> {
  await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
}
