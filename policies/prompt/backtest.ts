/**
 * Backtesting a draft: screen the same stored prompts with the live policy and with the draft, and
 * report how the verdicts would move. Pure: the prompts come in, the comparison goes out; the
 * console stores the result.
 */
import type { CompiledPolicy } from './compile.js';
import { screenWithPolicy } from './screen.js';
import type { PolicyMatch, ScreenContext, Verdict } from './types.js';

/** One stored decision to screen again: the prompt, the verdict it got, and its screening context. */
export interface BacktestCase {
  requestId: string;
  prompt: string;
  storedVerdict: Verdict;
  context: ScreenContext;
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
}

/** How the verdicts moved over the whole sample. */
export interface BacktestComparison {
  /** `live→draft` verdict pairs (e.g. `allow→review`) and how many prompts made each, unchanged pairs included. */
  transitions: Record<string, number>;
  /** How many prompts the draft would decide differently from the live policy. */
  changedCount: number;
  /** The first `keepChanged` of those, in sample order. */
  changed: BacktestChange[];
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
  for (const item of cases) {
    const a = screenWithPolicy(live, item.prompt, item.context);
    const b = screenWithPolicy(draft, item.prompt, item.context);
    const key = `${a.verdict}→${b.verdict}`;
    transitions[key] = (transitions[key] ?? 0) + 1;
    if (a.verdict === b.verdict) continue;
    changedCount++;
    if (changed.length < keepChanged) {
      changed.push({
        requestId: item.requestId, prompt: item.prompt, storedVerdict: item.storedVerdict, liveVerdict: a.verdict, draftVerdict: b.verdict,
        draftCategories: b.categories, draftMatches: b.matches, liveMatches: a.matches,
      });
    }
  }
  return { transitions, changedCount, changed };
}
