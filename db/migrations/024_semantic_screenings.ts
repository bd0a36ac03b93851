/**
 * The semantic layer's outcome beside each screening (issue 14): what the local classifier said
 * about the prompt (category, score, nearest exemplars, the model), or why it could not say
 * (`status: 'unavailable'`), as `policies/prompt/semantic/types.ts` SemanticOutcome. Null on rows
 * screened before the layer existed. Stored for the live decision and for every shadow draft, so a
 * reviewer sees why and a shadow run compares like with like.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('prompt_screenings').addColumn('semantic', 'jsonb').execute();
  await db.schema.alterTable('policy_shadow_screenings').addColumn('semantic', 'jsonb').execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
