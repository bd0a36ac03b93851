/**
 * Prompt-policy drafts: the draft rows (overlays on the shipped rules), what their shadow runs
 * recorded, and their backtests. Which state change is allowed is decided by
 * policies/prompt/draft-lifecycle.ts before anything here is called; these functions only write.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PolicyDraftState } from '../../policies/prompt/draft-lifecycle';
import type { RuleSetChanges } from '../../policies';
import type { Database, StoredBacktestChange, StoredPolicyMatch } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Drafts the playground can screen with (plain drafts and drafts in shadow), last edited first. */
export async function listPlaygroundDrafts(db: Db) {
  return db
    .selectFrom('policy_drafts')
    .select(['id', 'title', 'state', 'changes'])
    .where('state', 'in', ['draft', 'shadow'])
    .orderBy('updated_at', 'desc')
    .execute();
}

/** What a draft's title, note and rule-set changes are; `ruleSetHash` names the compiled rule set (policy_rule_sets). */
export interface DraftContent {
  title: string;
  note: string | null;
  changes: RuleSetChanges;
  ruleSetHash: string;
}

/** Creates a draft in the `draft` state, written by `staffId`; returns its id. */
export async function insertDraft(db: Db, content: DraftContent, staffId: string): Promise<string> {
  const row = await db
    .insertInto('policy_drafts')
    .values({
      title: content.title, note: content.note, changes: JSON.stringify(content.changes), rule_set_hash: content.ruleSetHash,
      state: 'draft', created_by: staffId, updated_by: staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces a draft's content, recording who edited it and when. */
export async function updateDraft(db: Db, id: string, content: DraftContent, staffId: string): Promise<void> {
  await db
    .updateTable('policy_drafts')
    .set({
      title: content.title, note: content.note, changes: JSON.stringify(content.changes), rule_set_hash: content.ruleSetHash,
      updated_by: staffId, updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Moves a draft to `state`, recording who did it. `shadowSince` is written when given (the start of
 * a shadow run); left out, the column keeps its value, so a stopped run still says when it began.
 */
export async function setDraftState(db: Db, id: string, state: PolicyDraftState, staffId: string, shadowSince?: Date): Promise<void> {
  await db
    .updateTable('policy_drafts')
    .set({ state, updated_by: staffId, updated_at: new Date(), ...(shadowSince ? { shadow_since: shadowSince } : {}) })
    .where('id', '=', id)
    .execute();
}

/** How a draft's shadow verdicts compare with the live ones: one row per (live verdict, draft verdict) pair. */
export async function shadowVerdictCounts(db: Db, draftId: string) {
  const rows = await db
    .selectFrom('policy_shadow_screenings')
    .select(['live_verdict', 'verdict', (eb) => eb.fn.countAll<string>().as('n')])
    .where('draft_id', '=', draftId)
    .groupBy(['live_verdict', 'verdict'])
    .execute();
  return rows.map((row) => ({ liveVerdict: row.live_verdict, verdict: row.verdict, count: Number(row.n) }));
}

/** The draft's most recent backtest with the email of who ran it, or undefined when it has none. */
export async function latestBacktest(db: Db, draftId: string) {
  return db
    .selectFrom('policy_backtests')
    .innerJoin('staff', 'staff.id', 'policy_backtests.run_by')
    .selectAll('policy_backtests')
    .select('staff.email as run_by_email')
    .where('draft_id', '=', draftId)
    .orderBy('run_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A finished backtest as stored: which versions were compared, on how many decisions, and what moved. */
export interface BacktestRecord {
  draftId: string;
  draftVersion: string;
  liveVersion: string;
  sampleSize: number;
  changedCount: number;
  transitions: Record<string, number>;
  changed: StoredBacktestChange[];
  runBy: string;
}

/** Stores a backtest's result; returns its id. */
export async function insertBacktest(db: Db, backtest: BacktestRecord): Promise<string> {
  const row = await db
    .insertInto('policy_backtests')
    .values({
      draft_id: backtest.draftId, draft_version: backtest.draftVersion, live_version: backtest.liveVersion, sample_size: backtest.sampleSize,
      changed_count: backtest.changedCount, transitions: JSON.stringify(backtest.transitions), changed: JSON.stringify(backtest.changed),
      run_by: backtest.runBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every draft, last edited first, with its authors and how many shadow screenings it made (and changed). */
export async function listDrafts(db: Db) {
  return db
    .selectFrom('policy_drafts')
    .innerJoin('staff as creator', 'creator.id', 'policy_drafts.created_by')
    .innerJoin('staff as editor', 'editor.id', 'policy_drafts.updated_by')
    .select((eb) => [
      'policy_drafts.id', 'policy_drafts.title', 'policy_drafts.state', 'policy_drafts.rule_set_hash', 'policy_drafts.created_at',
      'policy_drafts.updated_at', 'policy_drafts.shadow_since', 'creator.email as created_by_email', 'editor.email as updated_by_email',
      eb.selectFrom('policy_shadow_screenings').select(sql<string>`count(*)`.as('n')).whereRef('policy_shadow_screenings.draft_id', '=', 'policy_drafts.id').as('shadow_screenings'),
      eb
        .selectFrom('policy_shadow_screenings')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('policy_shadow_screenings.draft_id', '=', 'policy_drafts.id')
        .whereRef('policy_shadow_screenings.verdict', '<>', 'policy_shadow_screenings.live_verdict')
        .as('shadow_changed'),
    ])
    .orderBy('policy_drafts.updated_at', 'desc')
    .execute();
}

/** One draft with its changes and state, or undefined when there is no draft with that id. */
export async function getDraft(db: Db, id: string) {
  return db
    .selectFrom('policy_drafts')
    .innerJoin('staff as creator', 'creator.id', 'policy_drafts.created_by')
    .select([
      'policy_drafts.id', 'policy_drafts.title', 'policy_drafts.note', 'policy_drafts.changes', 'policy_drafts.state',
      'policy_drafts.rule_set_hash', 'policy_drafts.created_at', 'policy_drafts.updated_at', 'policy_drafts.shadow_since',
      'creator.email as created_by_email',
    ])
    .where('policy_drafts.id', '=', id)
    .executeTakeFirst();
}

/** Shadow verdicts of a draft on live traffic; `changedOnly` keeps those that differ from what the live policy did. */
export async function listShadowScreenings(db: Db, draftId: string, options: { changedOnly: boolean; limit: number }) {
  let query = db
    .selectFrom('policy_shadow_screenings')
    .innerJoin('generation_requests', 'generation_requests.id', 'policy_shadow_screenings.request_id')
    .leftJoin('prompt_screenings', 'prompt_screenings.request_id', 'policy_shadow_screenings.request_id')
    .select([
      'policy_shadow_screenings.request_id', 'policy_shadow_screenings.policy_version', 'policy_shadow_screenings.verdict',
      'policy_shadow_screenings.categories', 'policy_shadow_screenings.matches', 'policy_shadow_screenings.live_verdict',
      'policy_shadow_screenings.live_policy_version', 'policy_shadow_screenings.screened_at', 'generation_requests.prompt',
      'prompt_screenings.matches as live_matches',
      // Issue 14: each side's semantic outcome, so the console can say when meaning, not a match, moved a verdict.
      'policy_shadow_screenings.semantic', 'prompt_screenings.semantic as live_semantic',
    ])
    .where('policy_shadow_screenings.draft_id', '=', draftId);
  if (options.changedOnly) query = query.whereRef('policy_shadow_screenings.verdict', '<>', 'policy_shadow_screenings.live_verdict');
  return query.orderBy('policy_shadow_screenings.screened_at', 'desc').limit(options.limit).execute();
}

/** A stored decision with what is needed to screen its prompt again. */
export interface BacktestSampleRow {
  request_id: string;
  prompt: string;
  verdict: 'allow' | 'review' | 'block';
  matches: StoredPolicyMatch[];
  age_band: 'teen' | 'adult';
  is_remix: boolean;
  cameo_ids: string[];
}

/** The last `limit` stored decisions with everything needed to screen them again. */
export async function backtestSample(db: Db, limit: number): Promise<BacktestSampleRow[]> {
  return db
    .selectFrom('prompt_screenings')
    .innerJoin('generation_requests', 'generation_requests.id', 'prompt_screenings.request_id')
    .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
    .select((eb) => [
      'prompt_screenings.request_id', 'generation_requests.prompt', 'prompt_screenings.verdict', 'prompt_screenings.matches',
      'creators.age_band',
      sql<boolean>`generation_requests.remix_of_video_id IS NOT NULL`.as('is_remix'),
      eb.fn
        .coalesce(
          eb.selectFrom('request_cameos').select(sql<string[]>`array_agg(cameo_id::text)`.as('ids')).whereRef('request_cameos.request_id', '=', 'prompt_screenings.request_id'),
          sql<string[]>`ARRAY[]::text[]`,
        )
        .as('cameo_ids'),
    ])
    .orderBy('prompt_screenings.screened_at', 'desc')
    .orderBy('prompt_screenings.request_id')
    .limit(limit)
    .execute() as Promise<BacktestSampleRow[]>;
}
