/**
 * Reading the prompt policy in the console: the live policy as the pipeline uses it right now, its
 * history, the difference between two stored versions, and what the browser playground needs.
 * Nothing here writes.
 */
import type { Kysely } from 'kysely';
import { compileOverlay, diffPolicies, POLICY_CATEGORIES } from '../../policies';
import { getPolicyVersion, listPolicyVersions, listPromotions, loadScreeningInputs } from '../../db/queries/policy';
import { listPlaygroundDrafts } from '../../db/queries/policy-drafts';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';

type Db = Kysely<Database>;

/** The live policy compiled from the latest promotion and the registries, with its rules, sources and warnings. */
export async function livePolicy(db: Db) {
  const inputs = await loadScreeningInputs(db);
  const live = compileOverlay(inputs.live.changes, inputs.registries);
  const promotion = (await listPromotions(db))[0] ?? null;
  return {
    version: live.policy.version,
    ruleSetHash: live.ruleSetHash,
    termCount: live.policy.termCount,
    maxLength: live.policy.maxLength,
    promotion,
    changes: inputs.live.changes,
    warnings: live.warnings,
    categories: POLICY_CATEGORIES.map((c) => ({ category: c, ...live.ruleSet.categories[c] })),
    termGroups: live.ruleSet.terms.map((g) => ({ id: g.id, category: g.category, severity: g.severity, lang: g.lang, terms: g.terms, note: g.note ?? null })),
    sources: live.ruleSet.sources,
    registries: inputs.registries,
    shadowDrafts: inputs.shadows.length,
  };
}

/** Promotions (who made what live, when) and every version that ever screened. */
export async function policyHistory(db: Db) {
  const [promotions, versions] = await Promise.all([listPromotions(db), listPolicyVersions(db)]);
  return { promotions, versions };
}

/** What changed between two stored versions. Refuses NOT_FOUND when either was never stored. */
export async function diffPolicyVersions(db: Db, fromVersion: string, toVersion: string) {
  const [from, to] = await Promise.all([getPolicyVersion(db, fromVersion), getPolicyVersion(db, toVersion)]);
  if (!from || !to) {
    throw new ServiceRefusal('NOT_FOUND', `No stored policy version ${!from ? fromVersion : toVersion}; only versions that screened or were promoted are kept.`);
  }
  return {
    from: { version: from.version, firstSeenAt: from.first_seen_at, firstRole: from.first_role },
    to: { version: to.version, firstSeenAt: to.first_seen_at, firstRole: to.first_role },
    diff: diffPolicies({ ruleSet: from.rule_set, registries: from.registries }, { ruleSet: to.rule_set, registries: to.registries }),
  };
}

/** What the playground needs to screen in the browser: overlays and registries (the rules ship in the bundle). */
export async function playgroundInputs(db: Db) {
  const inputs = await loadScreeningInputs(db);
  const live = compileOverlay(inputs.live.changes, inputs.registries);
  const drafts = await listPlaygroundDrafts(db);
  return { live: { changes: inputs.live.changes, version: live.policy.version }, registries: inputs.registries, drafts };
}
