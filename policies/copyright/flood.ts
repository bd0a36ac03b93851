/**
 * Flood quarantine (issue 13; asked for by users of Meta's HMA, never built there): a bank hash that
 * suddenly matches far more than it normally does is quarantined automatically, its new matches
 * held instead of acted on, and an alert raised for a person to confirm or release it.
 *
 * Why: a bank hash that starts matching a burst of unrelated clips is almost always a bad hash, not
 * a wave of infringement: a reference frame that is nearly flat or a common gradient, a logo or
 * watermark every generator draws, a list imported with a wrong entry. Acting on it would block or
 * queue every one of those clips. Holding its matches costs little (a person looks at the alert;
 * confirmed, the hash acts again and the held matches are listed for action).
 *
 * The rule: a hash floods when, counting **pipeline matches only**,
 *   recent >= minRecentMatches  AND  recent > rateMultiple x expected,
 * where `recent` is its matches in the last `windowSeconds`, and `expected` is its long-run rate
 * scaled to that window: matches in the `baselineSeconds` before the window x windowSeconds /
 * baselineSeconds. The first condition keeps a rarely matching hash from tripping on two clips; the
 * second lets a hash that always matches a lot (a popular character) keep its usual rate, and more.
 * Rescan matches are not counted: a rescan of the back catalogue after a bank is enabled is expected
 * to match many published videos at once, which is the point of it, not a flood.
 *
 * Defaults (DEFAULT_FLOOD_RULE), chosen for a deployment of the demo's size and to be tuned per
 * deployment (every caller takes a FloodRule):
 * - windowSeconds 3600: an hour is short enough to stop a bad hash within one burst of traffic;
 * - minRecentMatches 20: twenty clips matching one hash in an hour is unusual for any single frame;
 * - baselineSeconds 7 days: a week covers daily cycles of traffic;
 * - rateMultiple 10: an order of magnitude over the hash's own usual rate.
 */

/** The flood rule's parameters (seconds and counts). */
export interface FloodRule {
  /** The recent window, in seconds. */
  windowSeconds: number;
  /** Matches in the window below which a hash never floods. */
  minRecentMatches: number;
  /** The long-run window before the recent one, in seconds. */
  baselineSeconds: number;
  /** How many times its long-run rate the recent count must exceed. */
  rateMultiple: number;
}

/** The defaults; the module header gives each one's reason. */
export const DEFAULT_FLOOD_RULE: Readonly<FloodRule> = Object.freeze({
  windowSeconds: 3600,
  minRecentMatches: 20,
  baselineSeconds: 7 * 24 * 3600,
  rateMultiple: 10,
});

/** One hash's pipeline match counts: in the recent window, and in the baseline window before it. */
export interface FloodCounts {
  recentMatches: number;
  baselineMatches: number;
}

export interface FloodVerdict {
  flood: boolean;
  /** The long-run rate scaled to the recent window (matches). */
  expectedMatches: number;
  /** One sentence for the alert. */
  explanation: string;
}

/**
 * Whether a hash with these counts floods under `rule` (see the module header). Pure; never throws.
 */
export function judgeFlood(counts: FloodCounts, rule: FloodRule = DEFAULT_FLOOD_RULE): FloodVerdict {
  const expectedMatches = (counts.baselineMatches * rule.windowSeconds) / rule.baselineSeconds;
  const flood = counts.recentMatches >= rule.minRecentMatches && counts.recentMatches > rule.rateMultiple * expectedMatches;
  const hours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds} s`);
  const explanation = `${counts.recentMatches} pipeline matches in the last ${hours(rule.windowSeconds)} against ${expectedMatches.toFixed(2)} expected from the ${hours(rule.baselineSeconds)} before (${counts.baselineMatches} matches); a flood is at least ${rule.minRecentMatches} and more than ${rule.rateMultiple} times the expected.`;
  return { flood, expectedMatches, explanation };
}
