/**
 * What Loupe does with a clip's hash-bank hits (issue 13): pure, shared by the clip pipeline's bank
 * check (activities/copyright/bank-check.ts) and rescans.
 *
 * The rules, in order:
 * 1. **A negative bank cancels a frame.** A negative bank holds public-domain and licensed uses
 *    (HMA's "negative" content). When any region hash of a sampled frame is within a negative
 *    bank's cut-off, every positive hit on that same frame is cancelled: that frame shows the
 *    licensed or public-domain picture, whatever else it also resembles. A negative hit on one
 *    frame does not cancel positive hits on other frames.
 * 2. **A quarantined hash is held.** Its hit is recorded as `held` and not acted on (flood
 *    quarantine, policies/copyright/flood.ts): a clip is neither blocked nor queued because of it.
 * 3. **Otherwise the entity decides**: `copyrightActionFor(stance, ruling)` with the entity's rule,
 *    conditions and public-domain flag. An imported positive bank without an entity carries its own
 *    rule (hash_banks.rule; migration 021 refuses a positive bank with neither), used as the ruling.
 * 4. **The clip's verdict is the strictest action** over every hit not held or cancelled
 *    (block > review > allow); no hit at all is `allow`.
 * One bank hash may hit several frames and regions: it is recorded once, with its strictest outcome
 * and, among those, its smallest distance.
 */
import { copyrightActionFor, stricterCopyrightAction, type CopyrightAction, type CopyrightEntityRuling, type CopyrightStance } from './types';

/** One bank hash within its bank's cut-off of one region hash of a frame, with what the database says of it now. */
export interface BankFrameHit {
  bankId: string;
  bankName: string;
  bankKind: 'positive' | 'negative';
  /** The bank's owner (a rights holder, or the team that imported the list). */
  owner: string;
  bankHashId: string;
  entityId: string | null;
  entityName: string | null;
  /** The entity's ruling, or the imported bank's own rule when it has no entity; unused for negative banks. */
  ruling: CopyrightEntityRuling;
  /** Hamming distance in bits (0..31). */
  distance: number;
  /** The bank's cut-off in bits. */
  cutoff: number;
  /** The hash is in flood quarantine: its hit is held, not acted on. */
  quarantined: boolean;
  /** Region of the query frame's hash (activities/fingerprint/frame-hashes.ts). */
  region: string;
}

/** The hits of one sampled frame (1 fps: frameIndex is seconds from the start). */
export interface BankFrame {
  frameIndex: number;
  hits: readonly BankFrameHit[];
}

/** What happened to one hit: an action, or held (quarantine) or cancelled (negative bank). */
export type BankHitOutcome = CopyrightAction | 'held' | 'cancelled';

/** One positive bank hash's decided hit (the best frame for it). */
export interface DecidedBankHit extends BankFrameHit {
  frameIndex: number;
  outcome: BankHitOutcome;
}

export interface BankMatchDecision {
  /** Strictest action over the hits that act; `allow` when none does. */
  verdict: CopyrightAction;
  /** One per positive bank hash that hit (negative hits are not recorded as matches). */
  decided: DecidedBankHit[];
  /** One sentence per hit that blocks, needs review or is held, naming entity, bank, distance and frame. */
  reasons: string[];
  /** One sentence for the requester (or the creator of a rescanned video). */
  summary: string;
}

/** Which outcome of one hash wins across its frames: the one that acts most. */
const OUTCOME_ORDER: Record<BankHitOutcome, number> = { cancelled: 0, allow: 1, held: 2, review: 3, block: 4 };

/**
 * Decides a clip's frames' hits under `stance` (rules in the module header). Pure; never throws.
 */
export function decideBankMatches(stance: CopyrightStance, frames: readonly BankFrame[]): BankMatchDecision {
  const best = new Map<string, DecidedBankHit>();
  for (const frame of frames) {
    const negative = frame.hits.some((hit) => hit.bankKind === 'negative');
    for (const hit of frame.hits) {
      if (hit.bankKind !== 'positive') continue;
      const outcome: BankHitOutcome = negative ? 'cancelled' : hit.quarantined ? 'held' : copyrightActionFor(stance, hit.ruling);
      const candidate: DecidedBankHit = { ...hit, frameIndex: frame.frameIndex, outcome };
      const previous = best.get(hit.bankHashId);
      if (!previous || OUTCOME_ORDER[outcome] > OUTCOME_ORDER[previous.outcome] || (outcome === previous.outcome && hit.distance < previous.distance)) {
        best.set(hit.bankHashId, candidate);
      }
    }
  }
  const decided = [...best.values()].sort((a, b) => OUTCOME_ORDER[b.outcome] - OUTCOME_ORDER[a.outcome] || a.distance - b.distance);
  let verdict: CopyrightAction = 'allow';
  for (const hit of decided) if (hit.outcome === 'block' || hit.outcome === 'review' || hit.outcome === 'allow') verdict = stricterCopyrightAction(verdict, hit.outcome);
  const reasons = decided.filter((hit) => hit.outcome === 'block' || hit.outcome === 'review' || hit.outcome === 'held').map(reasonFor);
  const first = decided.find((hit) => hit.outcome === verdict && verdict !== 'allow');
  const summary = first
    ? verdict === 'block'
      ? `The clip shows ${subjectOf(first)}, matched to the hash bank "${first.bankName}" at distance ${first.distance} (frame ${first.frameIndex}); its rights holder does not allow it, so the clip is not published.`
      : `The clip shows ${subjectOf(first)}, matched to the hash bank "${first.bankName}" at distance ${first.distance} (frame ${first.frameIndex}); a person in the copyright queue decides it.`
    : decided.length === 0
      ? 'No frame of the clip matches a hash bank.'
      : 'The clip\'s bank matches do not stop it (allowed by the holder, cancelled by a negative bank, or held in flood quarantine).';
  return { verdict, decided, reasons, summary };
}

function subjectOf(hit: BankFrameHit): string {
  return hit.entityName ? `"${hit.entityName}" (rights holder: ${hit.owner})` : `content listed by ${hit.owner}`;
}

function reasonFor(hit: DecidedBankHit): string {
  const what = `Frame ${hit.frameIndex} (${hit.region}) matches ${subjectOf(hit)} in the hash bank "${hit.bankName}" at distance ${hit.distance} (cut-off ${hit.cutoff})`;
  if (hit.outcome === 'held') return `${what}; the bank hash is in flood quarantine, so the match is held, not acted on.`;
  return `${what}: ${hit.outcome === 'block' ? 'its holder does not allow it' : 'its holder asks for review'}.`;
}

/** The copyright_matches action recorded for an outcome, from the pipeline (a request) or a rescan (a published video). */
export function matchActionFor(outcome: BankHitOutcome, source: 'pipeline' | 'rescan'): 'blocked' | 'taken_down' | 'queued' | 'held' | 'cancelled' | 'allowed' {
  switch (outcome) {
    case 'block': return source === 'pipeline' ? 'blocked' : 'taken_down';
    case 'review': return 'queued';
    case 'allow': return 'allowed';
    default: return outcome;
  }
}
