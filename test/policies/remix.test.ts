/** decideRemix (policies/remix.ts): which remixes go ahead, and the code and sentence of each refusal. */
import { decideRemix, type RemixParent } from '../../policies/remix';

const OWNER = 'owner';
const published = (remixAllowed: boolean): RemixParent => ({ status: 'published', ownerId: OWNER, remixAllowed });

describe('decideRemix', () => {
  it.each([
    ['a published video with remixing on, by anyone', published(true), 'someone', { allowed: true }],
    ['a published video with remixing off, by its owner', published(false), OWNER, { allowed: true }],
    ['a published video with remixing off, by anyone else', published(false), 'someone',
      { allowed: false, refusal: 'turned_off', reason: expect.stringMatching(/^The owner of this video has turned remixing off/) }],
    ['a draft', { ...published(true), status: 'draft' }, 'someone', { allowed: false, refusal: 'not_published', reason: expect.stringMatching(/Only published videos/) }],
    ['a video taken down, by its owner', { ...published(true), status: 'removed' }, OWNER, { allowed: false, refusal: 'not_published', reason: expect.any(String) }],
    ['no such video', null, 'someone', { allowed: false, refusal: 'no_such_video', reason: expect.stringMatching(/no video with that id/) }],
  ] as const)('%s', (_name, parent, remixer, expected) => {
    expect(decideRemix(parent as RemixParent | null, remixer)).toEqual(expected);
  });
});
