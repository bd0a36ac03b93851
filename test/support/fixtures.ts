/**
 * What test files share: connections to the run's stack, and factories for their own isolated data
 * (every creator, cameo and staff member gets unique names, so tests never see each other's rows).
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Client, Connection } from '@temporalio/client';
import { sql, type Kysely } from 'kysely';
import { inject } from 'vitest';
import type { AppContext } from '../../app/context';
import { submitRequest, type SubmitRequestInput } from '../../app/services/submit-request.server';
import type { SessionStaff } from '../../app/services/sessions.server';
import { createCaller } from '../../app/trpc/router.server';
import { createDb } from '../../db/connection';
import { LocalMediaStore } from '../../db/media-store';
import type { CameoAccessLevel, Database, RequestStatus, StaffRole } from '../../db/schema';

export interface TestContext extends AppContext {
  close(): Promise<void>;
}

export async function connectTestContext(): Promise<TestContext> {
  const stack = inject('stack');
  const db = createDb(stack.databaseUrl, { maxConnections: 5 });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  return {
    db,
    temporal,
    media: new LocalMediaStore(stack.mediaDir),
    taskQueuePrefix: stack.taskQueuePrefix,
    secureCookies: false,
    temporalUiUrl: null,
    async close() {
      await connection.close();
      await db.destroy();
    },
  };
}

/**
 * The superuser that owns the tables, for tests that tamper behind the app's back (the app's own
 * role cannot). Close it with destroy().
 */
export function connectOwnerDb(): Kysely<Database> {
  return createDb(inject('stack').ownerDatabaseUrl, { maxConnections: 2 });
}

const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

export async function createCreator(db: Kysely<Database>, options: { ageBand?: 'teen' | 'adult' } = {}) {
  const handle = unique('creator');
  return db
    .insertInto('creators')
    .values({ handle, display_name: handle, age_band: options.ageBand ?? 'adult' })
    .returning(['id', 'handle'])
    .executeTakeFirstOrThrow();
}

export async function createCameo(db: Kysely<Database>, ownerId: string, accessLevel: CameoAccessLevel, grantees: string[] = []) {
  const cameo = await db
    .insertInto('cameos')
    .values({ owner_id: ownerId, display_name: unique('cameo'), access_level: accessLevel })
    .returning(['id', 'display_name'])
    .executeTakeFirstOrThrow();
  for (const grantee of grantees) await db.insertInto('cameo_grants').values({ cameo_id: cameo.id, grantee_id: grantee }).execute();
  return cameo;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export async function createStaff(db: Kysely<Database>, role: StaffRole): Promise<SessionStaff> {
  const email = `${unique(role)}@loupe.test`;
  const row = await db
    .insertInto('staff')
    .values({ email, display_name: email, role, password_hash: await hash(TEST_PASSWORD) })
    .returning(['id', 'email', 'display_name', 'role'])
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, displayName: row.display_name, role: row.role };
}

export function callerAs(ctx: AppContext, staff: SessionStaff | null) {
  return createCaller({ ...ctx, staff });
}

export async function submit(ctx: AppContext, input: SubmitRequestInput) {
  return submitRequest(ctx, { durationSeconds: 2, seed: 42, ...input });
}

/** Polls the request row until its status is one of `statuses` (the pipeline runs asynchronously). */
export async function waitForStatus(db: Kysely<Database>, requestId: string, statuses: RequestStatus[], timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    const row = await db.selectFrom('generation_requests').select(['status', 'status_reason']).where('id', '=', requestId).executeTakeFirst();
    last = row?.status;
    if (row && statuses.includes(row.status)) return row;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Request ${requestId} did not reach ${statuses.join('/')} in time (last status: ${last ?? 'no row'}).`);
}

export async function openItemFor(db: Kysely<Database>, requestId: string, kind: 'prompt' | 'clip') {
  return db
    .selectFrom('review_items')
    .select(['id', 'version', 'state', 'queue_id'])
    .where('request_id', '=', requestId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
}

/** Names of the activities a workflow scheduled, read from its Temporal history. */
export async function scheduledActivities(temporal: Client, workflowId: string): Promise<string[]> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name)
    .filter((name): name is string => Boolean(name));
}

/**
 * An open appeal review item in `queueId` for a new blocked request: rows only, no workflow behind
 * it, for tests of claims and refusals that are decided before any workflow is asked.
 */
export async function seedOpenAppealItem(db: Kysely<Database>, queueId: string, prompt = 'seeded appeal'): Promise<string> {
  const creator = await createCreator(db);
  const requestId = randomUUID();
  await db.insertInto('generation_requests').values({
    id: requestId, creator_id: creator.id, prompt, prompt_sha256: 'x', duration_seconds: 2, width: 360, height: 640, seed: 1, status: 'blocked',
  }).execute();
  const id = randomUUID();
  await db.insertInto('review_items').values({
    id, request_id: requestId, kind: 'appeal', queue_id: queueId, state: 'open', flag_reasons: JSON.stringify(['test']),
    due_at: sql<Date>`now() + interval '1 hour'`,
  }).execute();
  return id;
}
