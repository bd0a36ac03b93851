/**
 * Backtesting a draft: screen the same stored prompts with the live policy and with the draft, and
 * report how the verdicts would move. Pure: the prompts come in, the comparison goes out; the
 * console stores the result.
 *
 * Issue 14: each side includes the semantic layer. The model runs on a worker (the policyBacktest
 * workflow classifies every sampled prompt under the live and the draft semantic policies); its
 * outcomes come in with the cases and are combined with each side's rules verdict exactly as the
 * pipeline combines them (combineWithSemantic: tighten-only, unavailable → the rules decide alone).
 */
import type { CompiledPolicy } from './compile.js';
import { screenWithPolicy } from './screen.js';
import { combineWithSemantic } from './semantic/combine.js';
import type { SemanticNeighbour, SemanticOutcome } from './semantic/types.js';
import type { PolicyMatch, ScreenContext, Verdict } from './types.js';

/** One stored decision to screen again: the prompt, the verdict it got, and its screening context. */
export interface BacktestCase {
  requestId: string;
  prompt: string;
  storedVerdict: Verdict;
  context: ScreenContext;
  /**
   * The semantic layer's outcome for this prompt under the live and the draft semantic policies.
   * Absent: the backtest screens this case with the rules alone (as before issue 14).
   */
  semantic?: { live: SemanticOutcome; draft: SemanticOutcome };
}

/** A prompt whose verdict the draft would change, with both sides' matches for the console to explain. */
export interface BacktestChange {
  requestId: string;
  prompt: string;
  storedVerdict: Verdict;
  liveVerdict: Verdict;
  draftVerdict: Verdict;
  draftCategories: string[];
  draftMatches: PolicyMatch[];
  liveMatches: PolicyMatch[];
  /** Issue 14: each side's semantic outcome, when the backtest had one (it may be what changed the verdict). */
  liveSemantic?: SemanticOutcome;
  draftSemantic?: SemanticOutcome;
}

/** How the semantic layer answered over the sample, per side: outcomes `ok` and `unavailable`. */
export interface BacktestSemanticCounts {
  live: { ok: number; unavailable: number };
  draft: { ok: number; unavailable: number };
}

/** How the verdicts moved over the whole sample. */
export interface BacktestComparison {
  /** `live→draft` verdict pairs (e.g. `allow→review`) and how many prompts made each, unchanged pairs included. */
  transitions: Record<string, number>;
  /** How many prompts the draft would decide differently from the live policy. */
  changedCount: number;
  /** The first `keepChanged` of those, in sample order. */
  changed: BacktestChange[];
  /** Issue 14: how often each side's semantic layer answered; null when no case carried semantic outcomes (rules only). */
  semantic: BacktestSemanticCounts | null;
}

/**
 * The examples kept per backtest: enough to read through in the console, bounded so a sample of
 * thousands stores a small row.
 */
export const BACKTEST_KEEP_CHANGED = 200;

/** Screens every case with both policies and counts how the verdicts move (`live→draft`). */
export function compareDraftWithLive(
  live: CompiledPolicy,
  draft: CompiledPolicy,
  cases: readonly BacktestCase[],
  keepChanged: number = BACKTEST_KEEP_CHANGED,
): BacktestComparison {
  const transitions: Record<string, number> = {};
  const changed: BacktestChange[] = [];
  let changedCount = 0;
  let semantic: BacktestSemanticCounts | null = null;
  for (const item of cases) {
    let a = screenWithPolicy(live, item.prompt, item.context);
    let b = screenWithPolicy(draft, item.prompt, item.context);
    if (item.semantic) {
      semantic ??= { live: { ok: 0, unavailable: 0 }, draft: { ok: 0, unavailable: 0 } };
      semantic.live[item.semantic.live.status === 'ok' ? 'ok' : 'unavailable']++;
      semantic.draft[item.semantic.draft.status === 'ok' ? 'ok' : 'unavailable']++;
      a = combineWithSemantic(a, item.semantic.live);
      b = combineWithSemantic(b, item.semantic.draft);
    }
    const key = `${a.verdict}→${b.verdict}`;
    transitions[key] = (transitions[key] ?? 0) + 1;
    if (a.verdict === b.verdict) continue;
    changedCount++;
    if (changed.length < keepChanged) {
      changed.push({
        requestId: item.requestId, prompt: item.prompt, storedVerdict: item.storedVerdict, liveVerdict: a.verdict, draftVerdict: b.verdict,
        draftCategories: b.categories, draftMatches: b.matches, liveMatches: a.matches,
        ...(item.semantic ? { liveSemantic: item.semantic.live, draftSemantic: item.semantic.draft } : {}),
      });
    }
  }
  return { transitions, changedCount, changed, semantic };
}

/**
 * A semantic outcome as a worker sends it back for a backtest: the nearest exemplars by id only
 * (their texts are in the policy the console already has), and only those the reasons use, so a
 * sample of 2,000 prompts fits in one Temporal payload (about 150 bytes per outcome instead of
 * several kilobytes with the exemplar texts).
 */
export type CompactSemanticOutcome =
  | { status: 'ok'; verdict: Verdict; category: Extract<SemanticOutcome, { status: 'ok' }>['category']; score: number; nearest: Omit<SemanticNeighbour, 'text'>[] }
  | { status: 'unavailable'; error: string };

/** How many nearest exemplars a compact outcome keeps: the closest one, and the decided category's closest when it differs. */
export function compactSemanticOutcome(outcome: SemanticOutcome): CompactSemanticOutcome {
  if (outcome.status === 'unavailable') return { status: 'unavailable', error: outcome.error };
  const keep = [outcome.nearest[0], outcome.nearest.find((n) => n.label === outcome.category)].filter((n, i, all): n is SemanticNeighbour => !!n && all.indexOf(n) === i);
  return {
    status: 'ok', verdict: outcome.verdict, category: outcome.category, score: outcome.score,
    nearest: keep.map(({ exemplarId, label, similarity }) => ({ exemplarId, label, similarity })),
  };
}

/** The outcome back from its compact form: exemplar texts from `exemplarTexts` (id → text; an id not found shows as its id). */
export function expandSemanticOutcome(compact: CompactSemanticOutcome, model: string, exemplarTexts: ReadonlyMap<string, string>): SemanticOutcome {
  if (compact.status === 'unavailable') return { status: 'unavailable', model, error: compact.error };
  return { ...compact, model, nearest: compact.nearest.map((n) => ({ ...n, text: exemplarTexts.get(n.exemplarId) ?? n.exemplarId })) };
}

/**
 * The semantic counts are stored beside the verdict transitions (policy_backtests.transitions, a
 * JSON object of counts; the table has no column of its own for them) under these keys; a verdict
 * transition key always contains `→`, these never do.
 */
const SEMANTIC_COUNT_KEYS = {
  'semantic.live.ok': ['live', 'ok'], 'semantic.live.unavailable': ['live', 'unavailable'],
  'semantic.draft.ok': ['draft', 'ok'], 'semantic.draft.unavailable': ['draft', 'unavailable'],
} as const;

/** The counts object a backtest row stores: verdict transitions, plus the semantic counts when there are any. */
export function storedBacktestCounts(comparison: Pick<BacktestComparison, 'transitions' | 'semantic'>): Record<string, number> {
  const stored = { ...comparison.transitions };
  if (comparison.semantic) {
    for (const [key, [side, status]] of Object.entries(SEMANTIC_COUNT_KEYS)) stored[key] = comparison.semantic[side][status];
  }
  return stored;
}

/** The inverse of storedBacktestCounts: verdict transitions, and the semantic counts (null for a rules-only backtest, older rows included). */
export function readStoredBacktestCounts(stored: Record<string, number>): Pick<BacktestComparison, 'transitions' | 'semantic'> {
  const transitions: Record<string, number> = {};
  let semantic: BacktestSemanticCounts | null = null;
  for (const [key, n] of Object.entries(stored)) {
    const slot = SEMANTIC_COUNT_KEYS[key as keyof typeof SEMANTIC_COUNT_KEYS];
    if (!slot) {
      transitions[key] = n;
      continue;
    }
    semantic ??= { live: { ok: 0, unavailable: 0 }, draft: { ok: 0, unavailable: 0 } };
    semantic[slot[0]][slot[1]] = n;
  }
  return { transitions, semantic };
}
