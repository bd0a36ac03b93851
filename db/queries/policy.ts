/**
 * Prompt-policy data: registries compiled into the policy, the live overlay (latest promotion),
 * drafts in shadow, stored versions and promotions. Drafts themselves (their rows, shadow results
 * and backtests) are in policy-drafts.ts; registry entries in policy-registries.ts.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { NO_CHANGES, type OverlayPolicy, type PolicyRegistries, type RuleSetChanges } from '../../policies';
import type { Database } from '../schema';
import { copyrightRegistries } from '../../policies/copyright/registry';
import { loadCopyrightRegistry, readCopyrightStance } from './copyright-entities';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Public figures and the works registry (issue 13: `copyright_entities`, live and shadow entries,
 * each with its action under the stance, and the stance itself), shaped as the policy compiler
 * takes them. `copyrighted_works` is history since migration 019 and is not read.
 */
export async function loadRegistries(db: Db): Promise<PolicyRegistries> {
  const [figures, works, stance] = await Promise.all([
    db.selectFrom('public_figures').select(['name', 'aliases', 'living', 'opted_in', 'cameo_id', 'estate_opted_out']).execute(),
    loadCopyrightRegistry(db),
    readCopyrightStance(db),
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
  Object.assign(registries, copyrightRegistries(works, stance));
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

/** Drafts running in shadow, oldest first: the screening activity evaluates each next to the live policy. */
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

/** One stored version with its rule set snapshot, or undefined when that version never screened nor was promoted. */
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

/** Every promotion (and restore of the shipped rules), newest first, with who made it and the draft's title. */
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

/**
 * Records a promotion: from now on the latest promotion is the live overlay (`loadLiveOverlay`).
 * `draftId` null restores the shipped rules. Returns the promotion's id.
 */
export async function insertPromotion(
  db: Db,
  promotion: { draftId: string | null; ruleSetHash: string; changes: RuleSetChanges; promotedBy: string; note: string | null },
): Promise<string> {
  const row = await db
    .insertInto('policy_promotions')
    .values({
      draft_id: promotion.draftId, rule_set_hash: promotion.ruleSetHash, changes: JSON.stringify(promotion.changes),
      promoted_by: promotion.promotedBy, note: promotion.note,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
