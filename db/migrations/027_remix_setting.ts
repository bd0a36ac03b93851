/**
 * Issue 15, "Remix rules": a video's owner can turn remixing off. `videos.remix_allowed` is the
 * owner's switch (true by default, so every video made before keeps being remixable), and
 * `remix_setting_changed_at` when they last flipped it (null: never), which staff see beside it.
 * Only the switch's current position matters to a decision (policies/remix.ts), so it is a column,
 * not a ledger; each flip is also an entry of the audit log (actions `video.remix_turned_off` and
 * `video.remix_turned_on`, subject the video), which the review screen's timeline shows.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('videos')
    .addColumn('remix_allowed', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('remix_setting_changed_at', 'timestamptz')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Loupe migrations are forward-only: restore from a backup instead of migrating down.');
}
