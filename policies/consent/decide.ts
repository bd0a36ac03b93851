/**
 * Cameo consent: may this requester put this cameo (a person's likeness or a registered character)
 * in a video with this prompt? Pure; the inputs come from the ledger's projection.
 *
 * Order of the checks, each with its reason:
 * 1. deleted (or revoked before the ledger existed): refused, for everyone, the owner included;
 * 2. the requester is blocked from this cameo: refused, whatever the access level or grants;
 * 3. a face check that failed (issue 12: the source image shows someone else than this verified
 *    cameo; policies/faces/checks.ts faceCheckForCameo): refused;
 * 4. the owner themselves: allowed (restrictions are what the owner asks of others);
 * 5. a restriction the prompt breaks: refused, naming the rule, before anyone is asked to approve;
 * 6. the access level: everyone → allowed; mutuals → allowed when both follow each other;
 *    approved ("people I approve") → allowed with a grant or an approval of this very request,
 *    otherwise needs_approval (the owner is asked); only_me → refused.
 */
import { findRestrictionViolation } from './restrictions';
import type { CameoAccessLevel, CameoKind, CameoRestriction } from './types';

/**
 * The slot for a face check (issue 12 fills it, policies/faces/checks.ts): what a face model found when comparing the
 * clip's or source image's faces with the cameo's verified enrolment. Absent or 'not_run' changes
 * nothing; 'mismatch' refuses with its detail.
 */
export type FaceCheck = { status: 'not_run' } | { status: 'match'; detail: string } | { status: 'mismatch'; detail: string };

/** Everything the decision needs about one cameo in one request. */
export interface CameoUse {
  cameoName: string;
  ownerId: string;
  accessLevel: CameoAccessLevel;
  /** Deleted by its owner (or revoked before the ledger). */
  revoked: boolean;
  requesterId: string;
  requesterHasGrant: boolean;
  /** Default 'person'; only changes the words ("character" or "cameo"). */
  cameoKind?: CameoKind;
  /** The owner blocked the requester from this cameo. */
  requesterBlocked?: boolean;
  /** Owner and requester follow each other (for 'mutuals'). */
  mutual?: boolean;
  /** The owner approved this cameo for this very request (an answered approval request). */
  approvedForRequest?: boolean;
  /** The request's prompt, for the restrictions; without it restrictions are not checked. */
  prompt?: string;
  restrictions?: readonly CameoRestriction[];
  faceCheck?: FaceCheck;
}

/** What the decision says: allowed, refused, or ask the owner first. `reason` is one sentence for people. */
export interface ConsentDecision {
  allowed: boolean;
  outcome: 'allowed' | 'refused' | 'needs_approval';
  reason: string;
}

const allowed = (reason: string): ConsentDecision => ({ allowed: true, outcome: 'allowed', reason });
const refused = (reason: string): ConsentDecision => ({ allowed: false, outcome: 'refused', reason });

/** Decides one cameo use; see the module comment for the order of the checks. */
export function decideCameoUse(use: CameoUse): ConsentDecision {
  const noun = use.cameoKind === 'character' ? 'character' : 'cameo';
  const name = `the ${noun} "${use.cameoName}"`;
  if (use.revoked) return refused(`The owner of ${name} has revoked it; it can no longer be used.`);
  if (use.requesterBlocked && use.ownerId !== use.requesterId) {
    return refused(`The owner of ${name} has blocked this requester from using it.`);
  }
  if (use.faceCheck?.status === 'mismatch') return refused(`The face check for ${name} failed: ${use.faceCheck.detail}`);
  if (use.ownerId === use.requesterId) return allowed('The requester owns this cameo.');
  if (use.prompt !== undefined && use.restrictions && use.restrictions.length > 0) {
    const violation = findRestrictionViolation(use.prompt, use.restrictions, use.cameoName);
    if (violation) return refused(violation.sentence);
  }
  switch (use.accessLevel) {
    case 'everyone':
      return allowed(`The owner of "${use.cameoName}" lets everyone use it.`);
    case 'mutuals':
      return use.mutual
        ? allowed(`The owner of "${use.cameoName}" lets mutuals use it, and this requester is one.`)
        : refused(`The owner of ${name} lets only mutuals use it (creators who follow each other), and this requester is not one.`);
    case 'approved':
      if (use.requesterHasGrant) return allowed(`The owner of "${use.cameoName}" has approved this requester.`);
      if (use.approvedForRequest) return allowed(`The owner of "${use.cameoName}" approved this request.`);
      return {
        allowed: false,
        outcome: 'needs_approval',
        reason: `The owner of ${name} has not approved this requester yet; they are asked to approve this request.`,
      };
    case 'only_me':
      return refused(`The ${noun} "${use.cameoName}" may only be used by its owner.`);
  }
}
