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

describe('decideCameoUse with the consent ledger (issue 11)', () => {
  it.each<[string, Partial<CameoUse>, 'allowed' | 'refused' | 'needs_approval', RegExp]>([
    ['people I approve, no grant: ask the owner', { accessLevel: 'approved' }, 'needs_approval', /asked to approve/],
    ['people I approve, approved for this request', { accessLevel: 'approved', approvedForRequest: true }, 'allowed', /approved this request/],
    ['mutuals, not mutual', { accessLevel: 'mutuals' }, 'refused', /only mutuals/],
    ['mutuals, mutual', { accessLevel: 'mutuals', mutual: true }, 'allowed', /mutuals/],
    ['blocked, even for everyone', { requesterBlocked: true }, 'refused', /blocked this requester/],
    ['blocked, even with a grant', { accessLevel: 'approved', requesterHasGrant: true, requesterBlocked: true }, 'refused', /blocked/],
    ['deleted wins over blocked', { revoked: true, requesterBlocked: true }, 'refused', /revoked/],
    ['a failed face check refuses', { faceCheck: { status: 'mismatch', detail: 'the face is not the enrolled one.' } }, 'refused', /face check/],
    ['a passed face check changes nothing', { faceCheck: { status: 'match', detail: 'ok' } }, 'allowed', /everyone/],
    ['a character says character', { cameoKind: 'character', accessLevel: 'only_me' }, 'refused', /character "Ada"/],
    ['restriction broken', { prompt: 'Ada drinking beer at a party', restrictions: [{ kind: 'no_topic', topic: 'alcohol' }] }, 'refused', /does not allow it in alcohol \("beer"/],
    ['restriction broken before asking', { accessLevel: 'approved', prompt: 'Ada in a bikini', restrictions: [{ kind: 'no_topic', topic: 'swimwear' }] }, 'refused', /swimwear/],
    ['restriction kept', { prompt: 'Ada reading in a library', restrictions: [{ kind: 'no_topic', topic: 'alcohol' }] }, 'allowed', /everyone/],
    ['restrictions do not bind the owner', { requesterId: 'owner', prompt: 'Ada drinking beer', restrictions: [{ kind: 'no_topic', topic: 'alcohol' }] }, 'allowed', /owns/],
    ['banned word', { prompt: 'Ada dressed as a clown', restrictions: [{ kind: 'banned_words', words: ['clown'] }] }, 'refused', /banned the word "clown"/],
  ])('%s', (_name, change, outcome, reason) => {
    const decision = decideCameoUse({ ...base, ...change });
    expect(decision.outcome).toBe(outcome);
    expect(decision.allowed).toBe(outcome === 'allowed');
    expect(decision.reason).toMatch(reason);
  });
});
