/**
 * Which PostgreSQL role does what, so that the audit log stays append-only by privilege and not
 * only by trigger (a trigger can be switched off by whoever owns the table).
 *
 * - The owner (DATABASE_URL, or the embedded server's superuser) runs migrations and owns every
 *   table. Loupe holds that connection only while it migrates and grants, then closes it.
 * - `loupe_app` is a NOLOGIN group role: SELECT/INSERT/UPDATE/DELETE on ordinary tables, USAGE on
 *   sequences, and on the audit log only SELECT and INSERT. Default privileges give it the same on
 *   tables later migrations create.
 * - The console and workers connect as a login role that is a member of `loupe_app`
 *   (APP_DATABASE_URL; with the embedded server Loupe creates `loupe_app_login` itself). It is not a
 *   superuser and does not own the audit log, so it can neither change rows nor disable the trigger;
 *   inspectAppRole() checks exactly that at start-up.
 */
import { sql, type QueryExecutorProvider } from 'kysely';

export const APP_GROUP_ROLE = 'loupe_app';

/** The app may read and append to these, never change them. A new append-only table is added here. */
export const APPEND_ONLY_TABLES = ['audit_log'] as const;

/** Kysely's migration bookkeeping: written only by migrations, as the owner. */
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

export type GroupRoleState = 'exists' | 'created' | 'cannot create';

/**
 * Creates the NOLOGIN group role unless it exists. Roles are cluster-wide (several Loupe databases
 * on one server share it), so an existing role is fine, and so is another database creating it at
 * the same moment. A migrating user without CREATEROLE (common on managed PostgreSQL) is not an
 * error: the deploy goes on, and prepareDatabase() says what an operator should do.
 */
export async function ensureAppGroupRole(db: QueryExecutorProvider, role: string = APP_GROUP_ROLE): Promise<GroupRoleState> {
  if (await roleExists(db, role)) return 'exists';
  // DO blocks take no parameters; the role name is an identifier we own, quoted by format(%I).
  await sql`
    DO $$
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', ${sql.lit(role)});
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN NULL;
    END $$`.execute(db);
  return (await roleExists(db, role)) ? 'created' : 'cannot create';
}

/**
 * Grants the group role what the app needs on every table and sequence in the audit log's schema,
 * narrows the audit log (and Kysely's bookkeeping) back down, and sets default privileges for
 * tables the migrating role creates later. Idempotent: migration 006 runs it, and so does every
 * start, so tables made by a different migrating user, or a role an operator created after the
 * migration ran, are covered too. Returns 'role missing' (and changes nothing) without the role.
 */
export async function grantAppRolePrivileges(db: QueryExecutorProvider): Promise<'granted' | 'role missing'> {
  if (!(await roleExists(db, APP_GROUP_ROLE))) return 'role missing';
  // Two processes granting at once can fail with "tuple concurrently updated"; callers hold a transaction.
  await sql`SELECT pg_advisory_xact_lock(hashtext('loupe_app_role_grants'))`.execute(db);
  const { rows } = await sql<{ schema: string }>`
    SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = to_regclass('audit_log')`.execute(db);
  const schemaName = rows[0]?.schema ?? 'public';
  const schema = sql.id(schemaName);
  const role = sql.id(APP_GROUP_ROLE);

  await sql`GRANT USAGE ON SCHEMA ${schema} TO ${role}`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`.execute(db);

  const narrowed: { table: string; keep: string }[] = [
    ...APPEND_ONLY_TABLES.map((table) => ({ table, keep: 'SELECT, INSERT' })),
    ...MIGRATOR_TABLES.map((table) => ({ table, keep: 'SELECT' })),
  ];
  for (const { table, keep } of narrowed) {
    const { rows: found } = await sql<{ exists: boolean }>`
      SELECT to_regclass(${`${quoteIdent(schemaName)}.${quoteIdent(table)}`}) IS NOT NULL AS exists`.execute(db);
    if (!found[0]?.exists) continue;
    const target = sql.id(schemaName, table);
    await sql`REVOKE ALL ON ${target} FROM ${role}`.execute(db);
    await sql`GRANT ${sql.raw(keep)} ON ${target} TO ${role}`.execute(db);
  }
  return 'granted';
}

/**
 * The embedded server's login role for the console and workers: a member of the group role and
 * nothing more. Its attributes are reset on every start, so a data folder from an older Loupe (or
 * one someone edited) converges on the same restricted role.
 */
export async function ensureAppLoginRole(db: QueryExecutorProvider, login: { user: string; password: string }): Promise<void> {
  const user = sql.id(login.user);
  if (!(await roleExists(db, login.user))) await sql`CREATE ROLE ${user} LOGIN`.execute(db);
  // Passwords cannot be bind parameters in DDL; this one is a local-only constant (db/embedded-postgres.ts).
  await sql`ALTER ROLE ${user} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${sql.lit(login.password)}`.execute(db);
  await sql`GRANT ${sql.id(APP_GROUP_ROLE)} TO ${user}`.execute(db);
}

export interface AppRoleReport {
  user: string;
  superuser: boolean;
  /** Owns audit_log, or is a member of the role that does (and so could act as it). */
  ownsAuditLog: boolean;
  /** With CREATEROLE (before PostgreSQL 16) a role can make itself a member of the owner. */
  createRole: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  canTruncate: boolean;
  canSelect: boolean;
  canInsert: boolean;
}

/** One query: what the connection's role could do to the audit log. */
export async function inspectAppRole(db: QueryExecutorProvider): Promise<AppRoleReport> {
  const { rows } = await sql<AppRoleReport>`
    SELECT current_user AS "user",
      r.rolsuper AS superuser,
      pg_has_role(current_user, c.relowner, 'MEMBER') AS "ownsAuditLog",
      r.rolcreaterole AS "createRole",
      has_table_privilege(current_user, c.oid, 'UPDATE') AS "canUpdate",
      has_table_privilege(current_user, c.oid, 'DELETE') AS "canDelete",
      has_table_privilege(current_user, c.oid, 'TRUNCATE') AS "canTruncate",
      has_table_privilege(current_user, c.oid, 'SELECT') AS "canSelect",
      has_table_privilege(current_user, c.oid, 'INSERT') AS "canInsert"
    FROM pg_roles r, pg_class c
    WHERE r.rolname = current_user AND c.oid = 'audit_log'::regclass`.execute(db);
  const report = rows[0];
  if (!report) throw new Error('Could not read the database role\'s privileges on audit_log: has the database been migrated?');
  return report;
}

/** Why this role could rewrite the audit log, as one sentence, or null when it cannot. */
export function auditLogRewriteRisk(report: AppRoleReport): string | null {
  const who = `The app's database role "${report.user}"`;
  const reasons = [
    report.superuser && 'is a superuser',
    report.ownsAuditLog && 'owns audit_log (or is a member of its owner)',
    report.createRole && 'has CREATEROLE (it could make itself a member of the owner)',
    (report.canUpdate || report.canDelete || report.canTruncate) &&
      `holds ${[report.canUpdate && 'UPDATE', report.canDelete && 'DELETE', report.canTruncate && 'TRUNCATE'].filter(Boolean).join('/')} on audit_log`,
  ].filter((reason): reason is string => Boolean(reason));
  if (reasons.length === 0) return null;
  return (
    `${who} ${reasons.join(', ')}, so it could change or remove audit entries or switch off the append-only trigger; ` +
    `set APP_DATABASE_URL to a login role that is only a member of ${APP_GROUP_ROLE} (README, "Database roles").`
  );
}

/**
 * The start-up check of the console and workers. A role that cannot append to the audit log stops
 * Loupe everywhere (every staff action would fail). A role that could rewrite it stops Loupe in
 * production, where the audit log is evidence; elsewhere it is a loud warning, so `DATABASE_URL=…
 * npm start` against a laptop database keeps working.
 */
export async function checkAppRole(
  db: QueryExecutorProvider,
  options: { refuseRewrite: boolean; warn: (line: string) => void },
): Promise<AppRoleReport> {
  const report = await inspectAppRole(db);
  if (!report.canSelect || !report.canInsert) {
    throw new Error(
      `The app's database role "${report.user}" cannot read and append to audit_log, so no staff action could be recorded; ` +
        `grant it the group role (GRANT ${APP_GROUP_ROLE} TO "${report.user}") and start Loupe once with DATABASE_URL as the owner so ${APP_GROUP_ROLE} gets its privileges.`,
    );
  }
  const risk = auditLogRewriteRisk(report);
  if (risk && options.refuseRewrite) throw new Error(`${risk} Loupe does not start in production with such a role.`);
  if (risk) options.warn(`WARNING: ${risk}`);
  return report;
}

async function roleExists(db: QueryExecutorProvider, role: string): Promise<boolean> {
  const { rows } = await sql<{ exists: boolean }>`SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ${role}) AS exists`.execute(db);
  return rows[0]?.exists ?? false;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
