import { decideCameoUse, type CameoUse } from '../../policies/consent';

const base: CameoUse = { cameoName: 'Ada', ownerId: 'owner', accessLevel: 'everyone', revoked: false, requesterId: 'someone', requesterHasGrant: false };

describe('decideCameoUse', () => {
  it.each<[string, Partial<CameoUse>, boolean, RegExp]>([
    ['owner, only me', { accessLevel: 'only_me', requesterId: 'owner' }, true, /owns this cameo/],
    ['stranger, only me', { accessLevel: 'only_me' }, false, /may only be used by its owner/],
    ['stranger, approved, no grant', { accessLevel: 'approved' }, false, /has not approved this requester/],
    ['stranger, approved, granted', { accessLevel: 'approved', requesterHasGrant: true }, true, /has approved this requester/],
    ['stranger, everyone', { accessLevel: 'everyone' }, true, /lets everyone use it/],
    ['revoked, even for everyone', { revoked: true }, false, /revoked/],
    ['revoked, even for the owner', { revoked: true, requesterId: 'owner' }, false, /revoked/],
  ])('%s', (_name, change, allowed, reason) => {
    const decision = decideCameoUse({ ...base, ...change });
    expect(decision.allowed).toBe(allowed);
    expect(decision.reason).toMatch(reason);
  });
});
