/**
 * The playground's semantic verdict (issue 14; contracts/semantic-preview.ts): screens a typed
 * prompt with the live overlay's rules, or a draft's, and asks the semantic classifier with that
 * rule set's exemplars, then combines them as screenPrompt does (tighten-only). A read: nothing is
 * stored, no policy version is recorded (a version is recorded when it screens a real request).
 *
 * The live overlay and the registries are loaded exactly as activities/screening.ts loads them, so
 * the version answered is the pipeline's. The external classifier is not asked: the playground
 * says so, and it costs money per request.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { combineWithSemantic, compileOverlay, screenWithPolicy } from '../policies';
import { loadScreeningInputs } from '../db/queries/policy';
import { getDraft } from '../db/queries/policy-drafts';
import { SEMANTIC_PREVIEW_DRAFT_GONE, type SemanticPreview, type SemanticPreviewActivities, type SemanticPreviewInput } from '../contracts';
import type { ActivityDeps } from './deps';
import { classifySemantic } from './screening';

/** A stand-in cameo id, as the playground's own (the preview has no request, only the fact that a cameo is attached). */
const PREVIEW_CAMEO = 'playground-cameo';

export function semanticPreviewActivities({ db, semantic }: Pick<ActivityDeps, 'db' | 'semantic'>): SemanticPreviewActivities {
  return {
    async classifySemanticPreview(input: SemanticPreviewInput): Promise<SemanticPreview> {
      const inputs = await loadScreeningInputs(db);
      let changes = inputs.live.changes;
      if (input.draftId !== null) {
        const draft = await getDraft(db, input.draftId);
        if (!draft || (draft.state !== 'draft' && draft.state !== 'shadow')) {
          throw ApplicationFailure.nonRetryable('This draft no longer exists or was promoted or discarded; reload the playground and choose another policy.', SEMANTIC_PREVIEW_DRAFT_GONE);
        }
        changes = draft.changes;
      }
      const overlay = compileOverlay(changes, inputs.registries);
      const rules = screenWithPolicy(overlay.policy, input.text, {
        ageBand: input.ageBand,
        cameoIds: input.withCameo ? [PREVIEW_CAMEO] : [],
        isRemix: input.isRemix,
      });
      // Asked exactly as screenPrompt asks it: switched off or without exemplars, an unavailable outcome saying why.
      const outcome = await classifySemantic(semantic, input.text, overlay.ruleSet.semantic);
      const combined = combineWithSemantic(rules, outcome);
      return {
        semantic: outcome,
        rulesVerdict: rules.verdict,
        verdict: combined.verdict,
        categories: combined.categories,
        reasons: combined.reasons,
        policyVersion: combined.policyVersion,
      };
    },
  };
}
