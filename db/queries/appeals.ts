/** Appeals as the app's API sees them: whether a request may be appealed, and which requests could be. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database>;

/** A request's creator and status, and whether its last decision is within `windowDays` days; undefined when unknown. */
export async function requestForAppeal(db: Db, requestId: string, windowDays: number) {
  return db
    .selectFrom('generation_requests')
    .select(['creator_id', 'status', sql<boolean>`updated_at > now() - make_interval(days => ${windowDays})`.as('in_window')])
    .where('id', '=', requestId)
    .executeTakeFirst();
}

/** The latest 100 blocked or rejected requests, with any appeal's status (the demo form's picker). */
export async function listAppealableRequests(db: Db) {
  return db
    .selectFrom('generation_requests')
    .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
    .leftJoin('appeals', 'appeals.request_id', 'generation_requests.id')
    .select([
      'generation_requests.id', 'generation_requests.prompt', 'generation_requests.status', 'generation_requests.status_reason',
      'generation_requests.creator_id', 'creators.handle', 'appeals.status as appeal_status',
    ])
    .where('generation_requests.status', 'in', ['blocked', 'rejected'])
    .orderBy('generation_requests.updated_at', 'desc')
    .limit(100)
    .execute();
}
