/**
 * The static list of migrations. A file-system loader would break once the server is bundled,
 * so every migration is imported here by name, in order.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001_initial';

const migrations: Record<string, Migration> = {
  '001_initial': m001,
};

export const staticMigrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
