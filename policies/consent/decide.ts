/**
 * Cameo consent: may this requester put this person's likeness in a video?
 * Owners choose an access level; "approved" means an explicit grant to the requester.
 */
import type { CameoAccessLevel } from './types';

export interface CameoUse {
  cameoName: string;
  ownerId: string;
  accessLevel: CameoAccessLevel;
  revoked: boolean;
  requesterId: string;
  requesterHasGrant: boolean;
}

export interface ConsentDecision {
  allowed: boolean;
  reason: string;
}

export function decideCameoUse(use: CameoUse): ConsentDecision {
  if (use.revoked) {
    return { allowed: false, reason: `The owner of the cameo "${use.cameoName}" has revoked it; it can no longer be used.` };
  }
  if (use.ownerId === use.requesterId) return { allowed: true, reason: 'The requester owns this cameo.' };
  switch (use.accessLevel) {
    case 'everyone':
      return { allowed: true, reason: `The owner of "${use.cameoName}" lets everyone use it.` };
    case 'approved':
      return use.requesterHasGrant
        ? { allowed: true, reason: `The owner of "${use.cameoName}" has approved this requester.` }
        : { allowed: false, reason: `The owner of the cameo "${use.cameoName}" has not approved this requester.` };
    case 'mutuals':
    case 'only_me':
      return { allowed: false, reason: `The cameo "${use.cameoName}" may only be used by its owner.` };
  }
}
