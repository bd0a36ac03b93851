/**
 * Prompt-policy data: registries compiled into the policy, the live overlay (latest promotion),
 * drafts in shadow, stored versions, and what the console shows about them.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { NO_CHANGES, type OverlayPolicy, type PolicyRegistries, type RuleSetChanges } from '../../policies';
import type { Database, StoredPolicyMatch } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Public figures and copyrighted works, shaped as the policy compiler takes them. */
export async function loadRegistries(db: Db): Promise<PolicyRegistries> {
  const [figures, works] = await Promise.all([
    db.selectFrom('public_figures').select(['name', 'aliases', 'living', 'opted_in', 'cameo_id', 'estate_opted_out']).execute(),
    db.selectFrom('copyrighted_works').select(['name', 'aliases', 'owner']).execute(),
  ]);
  const registries: PolicyRegistries = {};
  if (figures.length > 0) {
    registries.publicFigures = figures.map((f) => ({
      name: f.name,
      ...(f.aliases.length > 0 ? { aliases: f.aliases } : {}),
      living: f.living,
      ...(f.opted_in ? { optedIn: true } : {}),
      ...(f.cameo_id ? { cameoId: f.cameo_id } : {}),
      ...(f.estate_opted_out ? { estateOptedOut: true } : {}),
    }));
  }
  if (works.length > 0) {
    registries.copyrightedWorks = works.map((w) => ({ name: w.name, ...(w.aliases.length > 0 ? { aliases: w.aliases } : {}), owner: w.owner }));
  }
  return registries;
}

export interface LiveOverlay {
  changes: RuleSetChanges;
  /** The promoted draft, or null for the shipped rules. */
  draftId: string | null;
  promotionId: string | null;
}

/** The live policy's overlay: the latest promotion, or the shipped rules when nothing was promoted. */
export async function loadLiveOverlay(db: Db): Promise<LiveOverlay> {
  const row = await db.selectFrom('policy_promotions').select(['id', 'draft_id', 'changes']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { changes: row.changes, draftId: row.draft_id, promotionId: row.id } : { changes: NO_CHANGES, draftId: null, promotionId: null };
}

export async function loadShadowDrafts(db: Db): Promise<{ id: string; changes: RuleSetChanges }[]> {
  return db.selectFrom('policy_drafts').select(['id', 'changes']).where('state', '=', 'shadow').orderBy('created_at').execute();
}

/** Everything a screening needs from the database, in one round of queries. */
export async function loadScreeningInputs(db: Db) {
  const [registries, live, shadows] = await Promise.all([loadRegistries(db), loadLiveOverlay(db), loadShadowDrafts(db)]);
  return { registries, live, shadows };
}

/** Stores a rule set snapshot (by hash) once. */
export async function storeRuleSet(db: Db, overlay: OverlayPolicy, changes: RuleSetChanges): Promise<void> {
  await db
    .insertInto('policy_rule_sets')
    .values({ hash: overlay.ruleSetHash, rule_set: JSON.stringify(overlay.ruleSet), changes: JSON.stringify(changes) })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/** Records a policy version (rule set snapshot + registries) the first time it screens anything. */
export async function recordPolicyVersion(
  db: Db,
  overlay: OverlayPolicy,
  input: { changes: RuleSetChanges; draftId: string | null; role: 'live' | 'shadow' },
): Promise<void> {
  await storeRuleSet(db, overlay, input.changes);
  await db
    .insertInto('policy_versions')
    .values({
      version: overlay.policy.version,
      rule_set_hash: overlay.ruleSetHash,
      registries: JSON.stringify(overlay.policy.registries),
      draft_id: input.draftId,
      first_role: input.role,
    })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}

export async function getPolicyVersion(db: Db, version: string) {
  return db
    .selectFrom('policy_versions')
    .innerJoin('policy_rule_sets', 'policy_rule_sets.hash', 'policy_versions.rule_set_hash')
    .select([
      'policy_versions.version', 'policy_versions.registries', 'policy_versions.draft_id', 'policy_versions.first_role',
      'policy_versions.first_seen_at', 'policy_rule_sets.rule_set', 'policy_rule_sets.changes', 'policy_rule_sets.hash as rule_set_hash',
    ])
    .where('policy_versions.version', '=', version)
    .executeTakeFirst();
}

/** Every stored version, newest first, with how many live decisions each made. */
export async function listPolicyVersions(db: Db, limit = 100) {
  return db
    .selectFrom('policy_versions')
    .leftJoin('policy_drafts', 'policy_drafts.id', 'policy_versions.draft_id')
    .select((eb) => [
      'policy_versions.version', 'policy_versions.rule_set_hash', 'policy_versions.first_role', 'policy_versions.first_seen_at',
      'policy_versions.draft_id', 'policy_drafts.title as draft_title',
      eb.selectFrom('prompt_screenings').select(sql<string>`count(*)`.as('n')).whereRef('prompt_screenings.policy_version', '=', 'policy_versions.version').as('decisions'),
      sql<number>`coalesce(jsonb_array_length(policy_versions.registries -> 'publicFigures'), 0)`.as('public_figures'),
      sql<number>`coalesce(jsonb_array_length(policy_versions.registries -> 'copyrightedWorks'), 0)`.as('copyrighted_works'),
    ])
    .orderBy('policy_versions.first_seen_at', 'desc')
    .orderBy('policy_versions.version')
    .limit(limit)
    .execute();
}

export async function listPromotions(db: Db) {
  return db
    .selectFrom('policy_promotions')
    .innerJoin('staff', 'staff.id', 'policy_promotions.promoted_by')
    .leftJoin('policy_drafts', 'policy_drafts.id', 'policy_promotions.draft_id')
    .select([
      'policy_promotions.id', 'policy_promotions.draft_id', 'policy_promotions.rule_set_hash', 'policy_promotions.promoted_at',
      'policy_promotions.note', 'staff.email as promoted_by_email', 'policy_drafts.title as draft_title',
    ])
    .orderBy('policy_promotions.id', 'desc')
    .execute();
}

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
    ])
    .where('policy_shadow_screenings.draft_id', '=', draftId);
  if (options.changedOnly) query = query.whereRef('policy_shadow_screenings.verdict', '<>', 'policy_shadow_screenings.live_verdict');
  return query.orderBy('policy_shadow_screenings.screened_at', 'desc').limit(options.limit).execute();
}

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
