/**
 * Prompt-policy drafts in the console: a draft's page, saving, shadow runs, backtests and
 * discarding. Which state change is allowed is policies/prompt/draft-lifecycle.ts; the SQL is in
 * db/queries/policy-drafts.ts; here the two meet, each write in one transaction with its audit entry.
 *
 * Drafts and backtests are staff-only data, not pipeline state, so the console writes them itself.
 * A draft in shadow is picked up by the next screening (the screening activity loads shadow drafts
 * every time).
 */
import type { Kysely } from 'kysely';
import {
  compileOverlay, diffPolicies, LIVE_RULE_SET, SEMANTIC_SETTING_BOUNDS, validateRuleSetChanges, type RuleSet, type RuleSetChanges,
} from '../../policies';
import {
  compareDraftWithLive, expandSemanticOutcome, readStoredBacktestCounts, storedBacktestCounts, type BacktestCase,
} from '../../policies/prompt/backtest';
import type { SemanticOutcome } from '../../policies/prompt/semantic/types';
import type { PolicyBacktestSemantic } from '../../contracts';
import { transitionDraft, type PolicyDraftAction, type PolicyDraftState } from '../../policies/prompt/draft-lifecycle';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { loadScreeningInputs, storeRuleSet } from '../../db/queries/policy';
import { loadScreeningNamesForMany } from '../../db/queries/screening-names';
import {
  backtestSample, getDraft, insertBacktest, insertDraft, latestBacktest, listShadowScreenings, setDraftState, shadowVerdictCounts,
  updateDraft,
} from '../../db/queries/policy-drafts';
import type { Database, StoredPolicyMatch } from '../../db/schema';
import { ServiceRefusal } from './refusal';
import {
  backtestProgress, classifyBacktestSample, WorkflowAlreadyRunning, WorkflowDidNotFinish, type WorkflowClientDeps,
} from './workflow-client.server';

type Db = Kysely<Database>;
type Staff = { id: string; email: string };

/** How many of a draft's changed shadow verdicts its page lists. */
const SHADOW_CHANGES_SHOWN = 200;

/** The draft, or a NOT_FOUND refusal. */
export async function requireDraft(db: Parameters<typeof getDraft>[0], id: string) {
  const draft = await getDraft(db, id);
  if (!draft) throw new ServiceRefusal('NOT_FOUND', 'There is no policy draft with that id.');
  return draft;
}

/** The state `action` moves a draft in `state` to, or a CONFLICT refusal with the lifecycle's sentence. */
export function requireTransition(state: PolicyDraftState, action: PolicyDraftAction): PolicyDraftState {
  const transition = transitionDraft(state, action);
  if (!transition.allowed) throw new ServiceRefusal('CONFLICT', transition.refusal);
  return transition.to;
}

/** A draft's page: its compiled version and warnings, its difference from live, its shadow record and last backtest. */
export async function draftDetail(db: Db, id: string) {
  const draft = await requireDraft(db, id);
  const inputs = await loadScreeningInputs(db);
  const live = compileOverlay(inputs.live.changes, inputs.registries);
  const compiled = compileOverlay(draft.changes, inputs.registries);
  const [changed, backtest, shadowCounts] = await Promise.all([
    listShadowScreenings(db, draft.id, { changedOnly: true, limit: SHADOW_CHANGES_SHOWN }),
    latestBacktest(db, draft.id),
    shadowVerdictCounts(db, draft.id),
  ]);
  return {
    draft,
    version: compiled.policy.version,
    liveVersion: live.policy.version,
    warnings: compiled.warnings,
    diffFromLive: diffPolicies({ ruleSet: live.ruleSet, registries: {} }, { ruleSet: compiled.ruleSet, registries: {} }),
    shadow: {
      transitions: Object.fromEntries(shadowCounts.map((r) => [`${r.liveVerdict}→${r.verdict}`, r.count])),
      total: shadowCounts.reduce((sum, r) => sum + r.count, 0),
      changed,
    },
    backtest: backtest ? { ...backtest, ...readStoredBacktestCounts(backtest.transitions) } : null,
    groups: LIVE_RULE_SET.terms.map((g) => ({ id: g.id, category: g.category, severity: g.severity })),
    semantic: {
      /** The draft's settings (shipped ones merged with its changes) and the shipped ones. */
      settings: compiled.ruleSet.semantic?.settings ?? null,
      shippedSettings: LIVE_RULE_SET.semantic?.settings ?? null,
      bounds: SEMANTIC_SETTING_BOUNDS,
      exemplarCount: compiled.ruleSet.semantic?.exemplars.length ?? 0,
      /** The exemplars the draft removes, with their text and label (an id no longer shipped shows alone). */
      removed: (draft.changes.exemplars?.remove ?? []).map((exemplarId) => {
        const shipped = LIVE_RULE_SET.semantic?.exemplars.find((e) => e.id === exemplarId);
        return { id: exemplarId, text: shipped?.text ?? null, label: shipped?.label ?? null, lang: shipped?.lang ?? null };
      }),
    },
  };
}

/** How many exemplars one search answers: enough to find the one to remove, few enough to read. */
export const EXEMPLAR_SEARCH_LIMIT = 25;

/**
 * The exemplars of the shipped rules whose text contains `query` (case-insensitive) or whose id
 * starts with it, for the draft editor's "remove an exemplar": the first EXEMPLAR_SEARCH_LIMIT,
 * each with whether `draftId`'s changes already remove it. Refuses NOT_FOUND for an unknown draft.
 */
export async function searchExemplars(db: Db, draftId: string, query: string) {
  const draft = await requireDraft(db, draftId);
  const removed = new Set(draft.changes.exemplars?.remove ?? []);
  const needle = query.trim().toLowerCase();
  const exemplars = LIVE_RULE_SET.semantic?.exemplars ?? [];
  const hits = exemplars.filter((e) => e.id.startsWith(needle) || e.text.toLowerCase().includes(needle));
  return {
    total: hits.length,
    exemplars: hits.slice(0, EXEMPLAR_SEARCH_LIMIT).map((e) => ({ id: e.id, text: e.text, label: e.label, lang: e.lang, source: e.source, removed: removed.has(e.id) })),
  };
}

/** What staff send to save a draft; `id` absent creates one, `changes` absent keeps the draft's (or starts from live). */
export interface SaveDraftInput {
  id?: string;
  title: string;
  note: string | null;
  changes?: RuleSetChanges;
}

/**
 * Creates a draft (starting from the live overlay unless changes are given) or updates a plain
 * draft. Refuses NOT_FOUND for an unknown id, CONFLICT for a draft that is not plain, BAD_REQUEST
 * with every problem the changes have against the shipped rules.
 */
export async function saveDraft(db: Db, staff: Staff, input: SaveDraftInput) {
  return db.transaction().execute(async (trx) => {
    const before = input.id ? await requireDraft(trx, input.id) : undefined;
    if (before) requireTransition(before.state, 'edit');
    const changes: RuleSetChanges = input.changes ?? before?.changes ?? (await loadScreeningInputs(trx)).live.changes;
    const problems = validateRuleSetChanges(LIVE_RULE_SET, changes);
    if (problems.length > 0) throw new ServiceRefusal('BAD_REQUEST', problems.join(' '));
    const compiled = compileOverlay(changes);
    await storeRuleSet(trx, compiled, changes);
    const content = { title: input.title, note: input.note, changes, ruleSetHash: compiled.ruleSetHash };
    let id: string;
    if (before) {
      await updateDraft(trx, before.id, content, staff.id);
      id = before.id;
    } else {
      id = await insertDraft(trx, content, staff.id);
    }
    await appendAudit(trx, {
      ...staffActor(staff),
      action: before ? 'policy.draft.update' : 'policy.draft.create',
      subjectType: 'policy_draft',
      subjectId: id,
      before: before ? { title: before.title, changes: before.changes, ruleSetHash: before.rule_set_hash } : undefined,
      after: { title: input.title, changes, ruleSetHash: compiled.ruleSetHash },
    });
    return { id, ruleSetHash: compiled.ruleSetHash, warnings: compiled.warnings };
  });
}

/** Starts (`shadow` true) or stops a draft's shadow run: in shadow it screens live traffic without acting. */
export async function setDraftShadow(db: Db, staff: Staff, id: string, shadow: boolean) {
  return db.transaction().execute(async (trx) => {
    const draft = await requireDraft(trx, id);
    const state = requireTransition(draft.state, shadow ? 'start_shadow' : 'stop_shadow');
    await setDraftState(trx, draft.id, state, staff.id, shadow ? new Date() : undefined);
    await appendAudit(trx, {
      ...staffActor(staff),
      action: shadow ? 'policy.draft.shadow_start' : 'policy.draft.shadow_stop',
      subjectType: 'policy_draft',
      subjectId: draft.id,
      before: { state: draft.state },
      after: { state },
    });
    return { state };
  });
}

/**
 * Screens the last `limit` stored decisions with the live policy and the draft, stores the result
 * and reports the verdicts that would change (the first 200 of them in full).
 *
 * Issue 14: both sides include the semantic layer. Its outcomes come from a worker (the
 * policyBacktest workflow; the console does not load the model); when the workflow cannot finish,
 * every outcome is `unavailable` with its sentence, the rules decide alone, and the result says so
 * (`semantic` counts, stored with the backtest).
 */
export async function backtestDraft(deps: WorkflowClientDeps & { db: Db }, staff: Staff, id: string, limit: number) {
  const { db } = deps;
  const draft = await requireDraft(db, id);
  const inputs = await loadScreeningInputs(db);
  const live = compileOverlay(inputs.live.changes, inputs.registries);
  const candidate = compileOverlay(draft.changes, inputs.registries);
  const sample = await backtestSample(db, limit);
  // The names the pipeline's screening had (cameos carried, characters named), so a backtest's live side agrees with it.
  const names = await loadScreeningNamesForMany(db, sample.map((row) => ({ prompt: row.prompt, cameoIds: row.cameo_ids })));
  const semantic = await semanticOutcomes(
    deps, draft.id, sample.map((row) => row.request_id), { changes: inputs.live.changes, ruleSet: live.ruleSet }, { changes: draft.changes, ruleSet: candidate.ruleSet },
  );
  const cases: BacktestCase[] = sample.map((row, i) => ({
    requestId: row.request_id, prompt: row.prompt, storedVerdict: row.verdict,
    context: { ageBand: row.age_band, cameoIds: row.cameo_ids, ...names[i], isRemix: row.is_remix },
    semantic: semantic[i],
  }));
  const comparison = compareDraftWithLive(live.policy, candidate.policy, cases);
  const { transitions, changedCount, changed } = comparison;
  const stored = changed.map((c) => ({ ...c, draftMatches: c.draftMatches as StoredPolicyMatch[], liveMatches: c.liveMatches as StoredPolicyMatch[] }));
  const summary = {
    sampleSize: sample.length, changedCount, transitions, semantic: comparison.semantic, draftVersion: candidate.policy.version, liveVersion: live.policy.version,
  };
  const backtestId = await db.transaction().execute(async (trx) => {
    const rowId = await insertBacktest(trx, {
      draftId: draft.id, draftVersion: candidate.policy.version, liveVersion: live.policy.version, sampleSize: sample.length,
      changedCount, transitions: storedBacktestCounts(comparison), changed: stored, runBy: staff.id,
    });
    await appendAudit(trx, { ...staffActor(staff), action: 'policy.draft.backtest', subjectType: 'policy_draft', subjectId: draft.id, after: summary });
    return rowId;
  });
  return { id: backtestId, ...summary, changed: stored };
}

/**
 * How far the draft's running (or last) backtest got: prompts the semantic layer has classified of
 * the sample; null when none ran since the worker's history was kept. Refuses NOT_FOUND for an unknown draft.
 */
export async function draftBacktestProgress(deps: WorkflowClientDeps & { db: Db }, id: string) {
  const draft = await requireDraft(deps.db, id);
  return backtestProgress(deps, draft.id);
}

/** One side of a backtest: its overlay on the shipped rules and the rule set it makes. */
interface BacktestSide {
  changes: RuleSetChanges;
  ruleSet: RuleSet;
}

/**
 * The semantic outcomes of a backtest's sample from the policyBacktest workflow, one per request
 * id in order, each side's exemplar texts restored from that side's rule set. A workflow that did
 * not finish gives `unavailable` outcomes that say why (the rules then decide alone).
 */
async function semanticOutcomes(deps: WorkflowClientDeps, draftId: string, requestIds: string[], live: BacktestSide, draft: BacktestSide): Promise<NonNullable<BacktestCase['semantic']>[]> {
  if (requestIds.length === 0) return [];
  let answer: PolicyBacktestSemantic;
  try {
    answer = await classifyBacktestSample(deps, draftId, { requestIds, live: live.changes, draft: draft.changes });
  } catch (error) {
    if (error instanceof WorkflowAlreadyRunning) throw new ServiceRefusal('CONFLICT', error.message);
    if (!(error instanceof WorkflowDidNotFinish)) throw error;
    const unavailable: SemanticOutcome = { status: 'unavailable', model: 'unknown', error: `the backtest's semantic run did not finish: ${error.message}` };
    return requestIds.map(() => ({ live: unavailable, draft: unavailable }));
  }
  const textsOf = (ruleSet: RuleSet) => new Map((ruleSet.semantic?.exemplars ?? []).map((e) => [e.id, e.text]));
  const liveTexts = textsOf(live.ruleSet);
  const draftTexts = textsOf(draft.ruleSet);
  return answer.outcomes.map((pair) => {
    const liveOutcome = expandSemanticOutcome(pair.live, answer.model, liveTexts);
    return { live: liveOutcome, draft: pair.draft ? expandSemanticOutcome(pair.draft, answer.model, draftTexts) : liveOutcome };
  });
}

/** Discards a draft that was never promoted; refuses CONFLICT for one already promoted or discarded. */
export async function discardDraft(db: Db, staff: Staff, id: string) {
  return db.transaction().execute(async (trx) => {
    const draft = await requireDraft(trx, id);
    requireTransition(draft.state, 'discard');
    await setDraftState(trx, draft.id, 'discarded', staff.id);
    await appendAudit(trx, {
      ...staffActor(staff), action: 'policy.draft.discard', subjectType: 'policy_draft', subjectId: draft.id, before: { state: draft.state }, after: { state: 'discarded' },
    });
    return { state: 'discarded' as const };
  });
}
