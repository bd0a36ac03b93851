/**
 * Issue 16: the provenance console's "failing" filters at 1,000,000 published videos. Asked for the
 * newest videos failing a check that few or none fail (say, the fingerprint), PostgreSQL read the
 * whole catalogue newest first looking for 50 (1.2 s on an idle machine; docs/benchmarks.md, "Feed
 * at 1,000,000 videos"). This partial index holds only the signal rows that fail some check, which
 * in a healthy catalogue are few, so such a filter starts from them. `listProvenanceSignals`
 * (db/queries/provenance.ts) repeats the predicate, `FAILING_ANY_CHECK`, so the planner can use it;
 * the two must stay the same text.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS provenance_signals_failing_idx ON provenance_signals (video_id)
    WHERE (manifest_present IS NOT TRUE OR file_present IS NOT TRUE OR signature_valid IS NOT TRUE OR signer_trusted IS NOT TRUE
      OR watermark_burned_in IS NOT TRUE OR watermark_declared IS NOT TRUE OR fingerprint_registered IS NOT TRUE)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
