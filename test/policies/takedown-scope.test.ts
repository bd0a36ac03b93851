import { takedownScope, TakedownScopeError, type TakedownSubject } from '../../policies/consent/takedown-scope';

const base: TakedownSubject = { trigger: 'grant_withdrawn', cameoId: 'cameo', ownerId: 'owner', subjectCreatorId: 'grantee', videoId: null };

describe('takedownScope', () => {
  it('a withdrawn grant takes down the grantee\'s uses and spares the owner\'s', () => {
    expect(takedownScope(base)).toEqual({
      cameoId: 'cameo', roots: { kind: 'creator', creatorId: 'grantee' }, followRemixes: true, spareCreatorId: 'owner',
    });
  });

  it('a block takes down the blocked person\'s uses and spares the owner\'s', () => {
    const scope = takedownScope({ ...base, trigger: 'person_blocked', subjectCreatorId: 'blocked' });
    expect(scope.roots).toEqual({ kind: 'creator', creatorId: 'blocked' });
    expect(scope.spareCreatorId).toBe('owner');
  });

  it('a deleted cameo takes down every use, the owner\'s own included', () => {
    const scope = takedownScope({ ...base, trigger: 'cameo_deleted', subjectCreatorId: null });
    expect(scope.roots).toEqual({ kind: 'every_use' });
    expect(scope.spareCreatorId).toBeNull();
  });

  it('an owner removing a video takes down that video and its remixes', () => {
    const scope = takedownScope({ ...base, trigger: 'owner_removed_video', subjectCreatorId: null, videoId: 'video' });
    expect(scope.roots).toEqual({ kind: 'video', videoId: 'video' });
    expect(scope.followRemixes).toBe(true);
  });

  it.each<[string, Partial<TakedownSubject>, RegExp]>([
    ['a withdrawn grant without a grantee', { subjectCreatorId: null }, /must name the person/],
    ['a block without a person', { trigger: 'person_blocked', subjectCreatorId: null }, /must name the person/],
    ['a removed video without a video', { trigger: 'owner_removed_video', videoId: null }, /must name the video/],
    ['a grant withdrawn from the owner', { subjectCreatorId: 'owner' }, /cannot lose consent to their own likeness/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => takedownScope({ ...base, ...change })).toThrow(TakedownScopeError);
    expect(() => takedownScope({ ...base, ...change })).toThrow(message);
  });
});
