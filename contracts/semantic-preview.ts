/**
 * The playground's semantic verdict (issue 14): the console types a prompt, the app starts the
 * short `semanticPreview` workflow, and its one activity (`classifySemanticPreview`, on the pipeline
 * task queue, the one that hosts screenPrompt and so holds the semantic classifier) screens the text
 * with the live overlay's rules (or a draft's) and the semantic layer, and answers both. Nothing is
 * stored: it is a read, run on a worker only because the app may not load the model (the app imports
 * activities for types only).
 */
import type { AgeBand, Verdict } from '../policies/prompt/types';
import type { SemanticOutcome } from '../policies/prompt/semantic/types';

/** The workflow type name the app starts and the worker registers. */
export const SEMANTIC_PREVIEW_WORKFLOW = 'semanticPreview';

/** Workflow id prefix of a preview: each preview is its own short workflow (`semantic-preview-<uuid>`). */
export const SEMANTIC_PREVIEW_WORKFLOW_PREFIX = 'semantic-preview-';

/** The longest prompt a preview screens, in UTF-16 code units (the playground's limit, checked by the procedure). */
export const SEMANTIC_PREVIEW_MAX_CHARS = 2000;

/** What the playground asks: the text and the same context it screens with in the browser. */
export interface SemanticPreviewInput {
  text: string;
  /** A draft (state draft or shadow) whose rule set is used; null: the live policy (shipped rules + the latest promoted overlay). */
  draftId: string | null;
  ageBand: AgeBand;
  /** A cameo is attached (the playground has no request, only this fact). */
  withCameo: boolean;
  isRemix: boolean;
}

/** What a preview answers: the semantic outcome and the verdict of the rules combined with it (tighten-only). */
export interface SemanticPreview {
  /** The semantic layer's outcome; `unavailable` when the model could not run or the layer is switched off. */
  semantic: SemanticOutcome;
  /** The rules' verdict alone, as the browser computes it. */
  rulesVerdict: Verdict;
  /** The rules combined with the semantic outcome (combineWithSemantic): the verdict the pipeline would give. */
  verdict: Verdict;
  categories: string[];
  reasons: string[];
  /** The policy version that screened (the live one, or the draft's). */
  policyVersion: string;
}

/** ApplicationFailure type of a preview whose draft no longer exists or is no longer editable or in shadow. */
export const SEMANTIC_PREVIEW_DRAFT_GONE = 'SemanticPreviewDraftGone';

/** The activity of semanticPreview, on the pipeline task queue. */
export interface SemanticPreviewActivities {
  /** Screens `input.text` with the chosen policy's rules and semantic layer; never writes anything. */
  classifySemanticPreview(input: SemanticPreviewInput): Promise<SemanticPreview>;
}
