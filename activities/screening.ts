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
 */
import {
  combineWithExternal, compileOverlay, screenWithPolicy, type OverlayPolicy, type RuleSetChanges, type ScreenContext, type ScreenResult,
} from '../policies';
import { loadScreeningInputs, recordPolicyVersion } from '../db/queries/policy';
import { loadScreeningNames } from '../db/queries/screening-names';
import type { Database, StoredExternalModeration } from '../db/schema';
import type { Kysely } from 'kysely';
import type { ActivityDeps } from './deps';
import type { ExternalOutcome } from '../policies';
import type { RecordActivities, ScreeningOutcome } from '../contracts';

export function screeningActivities({ db, externalModeration }: ActivityDeps): Pick<RecordActivities, 'screenPrompt'> {
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
      const result = external ? combineWithExternal(rules, external, context) : rules;

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
        if (inserted) return result;
        // A retry after the decision was stored: the stored decision stands, even if the policy moved since.
        const row = await trx
          .selectFrom('prompt_screenings')
          .select(['verdict', 'categories', 'matches', 'reasons', 'policy_version'])
          .where('request_id', '=', requestId)
          .executeTakeFirstOrThrow();
        return { verdict: row.verdict, categories: row.categories, matches: row.matches, reasons: row.reasons, policyVersion: row.policy_version };
      });

      await screenInShadow(db, requestId, request.prompt, context, stored, external, inputs, recordOnce);

      return { verdict: stored.verdict, reasons: stored.reasons, summary: blockSummary(request.prompt, stored) };
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
  live: ScreenResult,
  external: ExternalOutcome | null,
  inputs: Awaited<ReturnType<typeof loadScreeningInputs>>,
  recordOnce: (overlay: OverlayPolicy, changes: RuleSetChanges, draftId: string | null, role: 'live' | 'shadow') => Promise<void>,
): Promise<void> {
  for (const draft of inputs.shadows) {
    try {
      const overlay = compileOverlay(draft.changes, inputs.registries);
      await recordOnce(overlay, draft.changes, draft.id, 'shadow');
      const draftRules = screenWithPolicy(overlay.policy, prompt, context);
      const shadow = external ? combineWithExternal(draftRules, external, context) : draftRules;
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
        })
        .onConflict((oc) => oc.columns(['draft_id', 'request_id']).doNothing())
        .execute();
    } catch (error) {
      console.warn(`[screening] shadow draft ${draft.id} could not screen request ${requestId}: ${(error as Error).message}`);
    }
  }
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
 * it, so they can rephrase. Rule ids and severities stay in the console.
 */
export function blockSummary(prompt: string, result: Pick<ScreenResult, 'categories' | 'matches' | 'reasons'>): string {
  if (result.categories.length === 0) return result.reasons[0] ?? 'The prompt could not be screened.';
  const policies = result.categories.map((category) => category.replaceAll('_', ' ')).join(', ');
  const words = [...new Set(result.matches.filter((m) => m.action === 'block').map((m) => prompt.slice(m.start, m.end)))].slice(0, 3);
  return `This prompt breaks the content policy on ${policies}${words.length > 0 ? ` (because of ${words.map((w) => `“${w}”`).join(', ')})` : ''}.`;
}
