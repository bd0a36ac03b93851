/** The prompts of sampled requests, for a backtest's semantic run (activities/policy-backtest.ts). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Each request's prompt by request id; ids with no request are absent from the map. */
export async function promptsOfRequests(db: Kysely<Database>, requestIds: readonly string[]): Promise<Map<string, string>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db.selectFrom('generation_requests').select(['id', 'prompt']).where('id', 'in', [...requestIds]).execute();
  return new Map(rows.map((row) => [row.id, row.prompt]));
}
