/**
 * The words of a review decision: what "approve" and "reject" are called for each kind of item,
 * which policy reasons each choice offers (policies/review.ts), and the sentence a reviewer sees
 * when a decision has no reason yet.
 */
import { COPYRIGHT_CLAIM_DECISION_REASONS } from '../../../policies/copyright/claims';
import { COPYRIGHT_DISPUTE_DECISION_REASONS } from '../../../policies/copyright/disputes';
import { COMPLAINT_DECISION_REASONS } from '../../../policies/likeness-complaints';
import { ESCALATION_REASONS, REVIEW_REASONS } from '../../../policies/review';

/** What a reviewer can do with an open item. */
export type Choice = 'approve' | 'reject' | 'escalate';

/** Button words per item kind: an appeal is overturned or upheld, a reported video taken down or its reports dismissed. */
export function labelsFor(kind: string): { approve: string; reject: string } {
  if (kind === 'appeal') return { approve: 'Overturn', reject: 'Uphold' };
  if (kind === 'report') return { approve: 'Take down', reject: 'Dismiss reports' };
  // Upholding a likeness complaint takes its videos and their fingerprint matches down.
  if (kind === 'likeness_complaint') return { approve: 'Uphold', reject: 'Reject complaint' };
  // Issue 13: approving a claim makes its entities live, banks its reference media and starts a rescan.
  if (kind === 'copyright_claim') return { approve: 'Approve claim', reject: 'Reject claim' };
  // Issue 13: releasing a disputed claim publishes a taken-down video again; upholding keeps it down.
  if (kind === 'copyright_dispute') return { approve: 'Release claim', reject: 'Uphold claim' };
  // Issue 13: a rescan's copyright match: approving keeps the published video up, rejecting takes it down.
  if (kind === 'copyright_match') return { approve: 'Keep it up', reject: 'Take down' };
  return { approve: 'Approve', reject: 'Reject' };
}

/** The policy reasons offered for a choice, in the order the digit keys pick them (a likeness complaint has its own). */
export function reasonsFor(choice: Choice, kind = ''): readonly string[] {
  if (choice === 'escalate') return ESCALATION_REASONS;
  if (kind === 'copyright_claim') return COPYRIGHT_CLAIM_DECISION_REASONS[choice];
  if (kind === 'copyright_dispute') return COPYRIGHT_DISPUTE_DECISION_REASONS[choice];
  return kind === 'likeness_complaint' ? COMPLAINT_DECISION_REASONS[choice] : REVIEW_REASONS[choice];
}

/** The button word of a choice for this kind of item. */
export function labelOf(choice: Choice, labels: { approve: string; reject: string }): string {
  return choice === 'escalate' ? 'Escalate' : labels[choice];
}

/** What a reviewer is told when a decision has no policy reason yet; digits pick one (see the keyboard map). */
export function reasonNeeded(count: number, label: string): string {
  return `Choose the policy reason for this decision (press 1–${count} or pick it from the list), then ${label.toLowerCase()} again.`;
}

/** The page heading for an item kind. */
export function kindTitle(kind: string): string {
  const titles: Record<string, string> = { prompt: 'Flagged prompt', clip: 'Flagged clip', appeal: 'Appeal', report: 'Reported video', provenance: 'Provenance alert', likeness_complaint: 'Likeness complaint', copyright_claim: 'Copyright claim', copyright_match: 'Copyright match', copyright_dispute: 'Copyright dispute' };
  return titles[kind] ?? 'Review item';
}
