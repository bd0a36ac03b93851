/**
 * Screens the prompt with the live policy and stores the decision with its policy version and spans.
 *
 * The live policy is the shipped rule set with the latest promoted overlay applied, compiled with
 * the registries (public figures, copyrighted works) currently in the database; compiled policies
 * are memoised by content, so a screening costs a few small queries and microseconds of matching
 * until something changes. Drafts in shadow screen the same prompt; their verdicts are stored
 * beside the live one and never act. An external classifier, when configured, can only make the
 * live verdict stricter, and when it cannot answer the reasons say the rules decided alone. Shadow
 * drafts are combined with the same classifier answer, so a verdict that differs from the live one
 * differs because of the draft's rules, not because one side heard from the classifier.
 *
 * The semantic layer (issue 14) comes last: the local classifier compares the prompt with the rule
 * set's exemplars (`ruleSet.semantic`) and can only tighten the verdict (combineWithSemantic). Its
 * outcome is stored beside the verdict (`prompt_screenings.semantic`), so reviewers see the
 * category, the score and the nearest exemplars. When it is switched off
 * (LOUPE_SEMANTIC_SCREENING=off), cannot load or does not answer in time, the outcome is
 * `unavailable` and the reasons say the rules decided alone. Each shadow draft is measured against
 * its own exemplars; a draft whose semantic part is the live one's reuses the live outcome.
 */
import {
  combineWithExternal, combineWithSemantic, compileOverlay, screenWithPolicy,
  type OverlayPolicy, type RuleSetChanges, type ScreenContext, type ScreenResult, type SemanticOutcome, type SemanticPolicy,
} from '../policies';
import { contentHash } from '../policies/content-hash';
import { loadScreeningInputs, recordPolicyVersion } from '../db/queries/policy';
import { loadScreeningNames } from '../db/queries/screening-names';
import type { Database, StoredExternalModeration } from '../db/schema';
import type { Kysely } from 'kysely';
import type { ActivityDeps } from './deps';
import type { ExternalOutcome } from '../policies';
import type { RecordActivities, ScreeningOutcome } from '../contracts';
import { SEMANTIC_MODEL_LABEL } from './classifiers/semantic/embedder';
import type { SemanticClassifier } from './classifiers/semantic/classifier';

/** The screening activity over `deps`; `deps.semantic` null or absent means the semantic layer is switched off. */
export function screeningActivities({ db, externalModeration, semantic }: ActivityDeps): Pick<RecordActivities, 'screenPrompt'> {
  const recorded = new Set<string>();
  /** Stores each policy version once per process (the insert itself is idempotent too). */
  const recordOnce = async (overlay: OverlayPolicy, changes: RuleSetChanges, draftId: string | null, role: 'live' | 'shadow') => {
    const key = `${overlay.policy.version}:${role}`;
    if (recorded.has(key)) return;
    await recordPolicyVersion(db, overlay, { changes, draftId, role });
    recorded.add(key);
  };

  return {
    async screenPrompt({ requestId }): Promise<ScreeningOutcome> {
      const request = await db
        .selectFrom('generation_requests')
        .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
        .select(['generation_requests.prompt', 'generation_requests.remix_of_video_id', 'creators.age_band'])
        .where('generation_requests.id', '=', requestId)
        .executeTakeFirstOrThrow();
      const cameoIds = (
        await db.selectFrom('request_cameos').select('cameo_id').where('request_id', '=', requestId).execute()
      ).map((row) => row.cameo_id);
      // Names of the request's cameos and of characters the prompt names: a person the request
      // carries as a cameo, or a registered character, is not held as a real person (policies/prompt/people).
      const names = await loadScreeningNames(db, request.prompt, cameoIds);
      const context: ScreenContext = { ageBand: request.age_band, cameoIds, ...names, isRemix: request.remix_of_video_id !== null };

      const inputs = await loadScreeningInputs(db);
      const live = compileOverlay(inputs.live.changes, inputs.registries);
      await recordOnce(live, inputs.live.changes, inputs.live.draftId, 'live');
      const rules = screenWithPolicy(live.policy, request.prompt, context);

      let external: ExternalOutcome | null = null;
      if (externalModeration) external = await externalModeration.classify(request.prompt);
      const withExternal = external ? combineWithExternal(rules, external, context) : rules;
      const semanticLive = await classifySemantic(semantic, request.prompt, live.ruleSet.semantic);
      const result = combineWithSemantic(withExternal, semanticLive);

      const stored = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('prompt_screenings')
          .values({
            request_id: requestId,
            verdict: result.verdict,
            categories: JSON.stringify(result.categories),
            matches: JSON.stringify(result.matches),
            reasons: JSON.stringify(result.reasons),
            policy_version: result.policyVersion,
            external: external ? JSON.stringify(storedExternal(external)) : null,
            semantic: JSON.stringify(semanticLive),
          })
          .onConflict((oc) => oc.column('request_id').doNothing())
          .returning('request_id')
          .executeTakeFirst();
        await trx
          .updateTable('generation_requests')
          .set({ status: 'consent_check', updated_at: new Date() })
          .where('id', '=', requestId)
          .where('status', '=', 'screening')
          .execute();
        if (inserted) return { result, semantic: semanticLive };
        // A retry after the decision was stored: the stored decision stands, even if the policy moved since.
        const row = await trx
          .selectFrom('prompt_screenings')
          .select(['verdict', 'categories', 'matches', 'reasons', 'policy_version', 'semantic'])
          .where('request_id', '=', requestId)
          .executeTakeFirstOrThrow();
        return {
          result: { verdict: row.verdict, categories: row.categories, matches: row.matches, reasons: row.reasons, policyVersion: row.policy_version },
          semantic: row.semantic,
        };
      });

      const liveSide = { result: stored.result, semanticPolicy: live.ruleSet.semantic, semantic: semanticLive };
      await screenInShadow(db, requestId, request.prompt, context, liveSide, external, semantic, inputs, recordOnce);

      return { verdict: stored.result.verdict, reasons: stored.result.reasons, summary: blockSummary(request.prompt, stored.result, stored.semantic) };
    },
  };
}

/**
 * Every draft in shadow screens the same prompt; the verdict is stored for the console and
 * nothing else happens with it. A broken draft must not stop the pipeline, so its failure is
 * logged and skipped.
 */
async function screenInShadow(
  db: Kysely<Database>,
  requestId: string,
  prompt: string,
  context: ScreenContext,
  liveSide: { result: ScreenResult; semanticPolicy: SemanticPolicy | undefined; semantic: SemanticOutcome },
  external: ExternalOutcome | null,
  classifier: SemanticClassifier | null | undefined,
  inputs: Awaited<ReturnType<typeof loadScreeningInputs>>,
  recordOnce: (overlay: OverlayPolicy, changes: RuleSetChanges, draftId: string | null, role: 'live' | 'shadow') => Promise<void>,
): Promise<void> {
  const live = liveSide.result;
  for (const draft of inputs.shadows) {
    try {
      const overlay = compileOverlay(draft.changes, inputs.registries);
      await recordOnce(overlay, draft.changes, draft.id, 'shadow');
      const draftRules = screenWithPolicy(overlay.policy, prompt, context);
      const withExternal = external ? combineWithExternal(draftRules, external, context) : draftRules;
      // The same exemplars and settings give the same outcome: measure again only when the draft changed them.
      const draftSemantic = semanticKey(overlay.ruleSet.semantic) === semanticKey(liveSide.semanticPolicy)
        ? liveSide.semantic
        : await classifySemantic(classifier, prompt, overlay.ruleSet.semantic);
      const shadow = combineWithSemantic(withExternal, draftSemantic);
      await db
        .insertInto('policy_shadow_screenings')
        .values({
          draft_id: draft.id,
          request_id: requestId,
          policy_version: shadow.policyVersion,
          verdict: shadow.verdict,
          categories: JSON.stringify(shadow.categories),
          matches: JSON.stringify(shadow.matches),
          reasons: JSON.stringify(shadow.reasons),
          live_verdict: live.verdict,
          live_policy_version: live.policyVersion,
          semantic: JSON.stringify(draftSemantic),
        })
        .onConflict((oc) => oc.columns(['draft_id', 'request_id']).doNothing())
        .execute();
    } catch (error) {
      console.warn(`[screening] shadow draft ${draft.id} could not screen request ${requestId}: ${(error as Error).message}`);
    }
  }
}

/**
 * The semantic layer's outcome for `prompt` under `policy`. Never throws: with the classifier
 * switched off (null or absent) or a rule set without a semantic part, an `unavailable` outcome
 * saying why, so combineWithSemantic notes that the rules decided alone.
 */
export async function classifySemantic(classifier: SemanticClassifier | null | undefined, prompt: string, policy: SemanticPolicy | undefined): Promise<SemanticOutcome> {
  if (!classifier) return { status: 'unavailable', model: SEMANTIC_MODEL_LABEL, error: 'switched off with LOUPE_SEMANTIC_SCREENING=off' };
  if (!policy || policy.exemplars.length === 0) return { status: 'unavailable', model: classifier.model, error: 'the rule set has no semantic exemplars' };
  return classifier.classify(prompt, policy);
}

/** Content hash of a semantic policy, memoised per object (compiled overlays are memoised, so their rule sets are reused objects). */
const semanticKeys = new WeakMap<SemanticPolicy, string>();
function semanticKey(policy: SemanticPolicy | undefined): string {
  if (!policy) return 'none';
  const known = semanticKeys.get(policy);
  if (known) return known;
  const key = contentHash(policy);
  semanticKeys.set(policy, key);
  return key;
}

function storedExternal(outcome: ExternalOutcome): StoredExternalModeration {
  if (outcome.status === 'unavailable') return { provider: outcome.provider, status: 'unavailable', error: outcome.error };
  const c = outcome.classification;
  const topScores = Object.fromEntries(
    Object.entries(c.scores)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
  );
  return {
    provider: c.provider, model: c.model, status: 'ok', flagged: c.flagged,
    categories: Object.keys(c.categories).filter((k) => c.categories[k]), topScores,
  };
}

/**
 * The sentence a creator reads when a prompt is blocked: which policy, and the words that tripped
 * it, so they can rephrase. When no words did and the semantic layer blocked (`semantic`, the
 * stored outcome; null on screenings from before it), the sentence says the prompt's meaning is
 * close to prompts that break that policy, since there is no word to point at. Rule ids,
 * severities, scores and exemplars stay in the console.
 */
export function blockSummary(prompt: string, result: Pick<ScreenResult, 'categories' | 'matches' | 'reasons'>, semantic: SemanticOutcome | null = null): string {
  if (result.categories.length === 0) return result.reasons[0] ?? 'The prompt could not be screened.';
  const policies = result.categories.map((category) => category.replaceAll('_', ' ')).join(', ');
  const words = [...new Set(result.matches.filter((m) => m.action === 'block').map((m) => prompt.slice(m.start, m.end)))].slice(0, 3);
  const byMeaning = semantic?.status === 'ok' && semantic.verdict === 'block' && semantic.category !== null;
  const because = words.length > 0 ? ` (because of ${words.map((w) => `“${w}”`).join(', ')})` : byMeaning ? ' (its meaning is close to prompts that do)' : '';
  return `This prompt breaks the content policy on ${policies}${because}.`;
}
