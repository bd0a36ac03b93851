/**
 * Which uses of a cameo rely on a consent that just ended: the rule a likeness takedown applies
 * (issue 11, "Owners in control → Revocation"). Pure: it turns what changed into a scope, and
 * db/queries/likeness-takedowns.ts turns the scope into SQL, so the rule is written once, here.
 *
 * A "use" is a video (draft or published) whose request carries the cameo (a request_cameos row,
 * picked by its creator or inherited from a remixed parent). The scope names the *roots* (the uses
 * that relied directly on the ended consent) and the remixes that follow from them:
 *
 * | trigger | roots | why |
 * |---|---|---|
 * | `grant_withdrawn` | the grantee's uses of the cameo | the grant was their only consent; the owner's other grantees keep theirs |
 * | `person_blocked` | the blocked person's uses | a block ends any consent the person had (grant, mutuals, everyone) |
 * | `cameo_deleted` | every use, the owner's own included | deleting a cameo is the owner's way to take their likeness off Loupe altogether; an owner who only wants to stop others sets the access level to "only me" instead, and can remove single videos |
 * | `owner_removed_video` | that one video, whoever made it | the owner asked for exactly that video |
 *
 * Remixes: a remix that carries the cameo is taken down with the video it remixes, transitively (a
 * remix of that remix, and so on), because its picture of the person came through the video whose
 * consent ended. Remixes that do not carry the cameo are left alone: they show no one's likeness
 * through it. Except for `cameo_deleted`, the owner's own videos are never roots and stop the walk:
 * an owner needs no grant to use their own likeness, and a remix of the owner's own video relies on
 * the owner's consent, which did not change.
 */

/**
 * What ended the consent (contracts/likeness-takedown.ts carries the same list; it lives here
 * because the rule below is keyed by it and policies/ may not import contracts/).
 */
export const LIKENESS_TAKEDOWN_TRIGGERS = ['grant_withdrawn', 'person_blocked', 'cameo_deleted', 'owner_removed_video'] as const;
/** One of LIKENESS_TAKEDOWN_TRIGGERS. */
export type LikenessTakedownTrigger = (typeof LIKENESS_TAKEDOWN_TRIGGERS)[number];

/** What a takedown is about: the trigger and the ids it names. */
export interface TakedownSubject {
  trigger: LikenessTakedownTrigger;
  cameoId: string;
  /** The cameo's owner (read from the cameo, not taken from the request). */
  ownerId: string;
  /** The grantee or blocked person; required for grant_withdrawn and person_blocked. */
  subjectCreatorId: string | null;
  /** The removed video; required for owner_removed_video. */
  videoId: string | null;
}

/** The uses a takedown takes down, as data the query module turns into SQL. */
export interface TakedownScope {
  cameoId: string;
  /** Which uses are roots: every use of the cameo, one creator's uses, or one video. */
  roots: { kind: 'every_use' } | { kind: 'creator'; creatorId: string } | { kind: 'video'; videoId: string };
  /** Remixes carrying the cameo follow their parent down, transitively. Always true today; kept explicit for the SQL. */
  followRemixes: boolean;
  /** The owner's own videos are neither roots nor followed (null: nobody is spared). */
  spareCreatorId: string | null;
}

/** A takedown input that names no one to take down for its trigger. */
export class TakedownScopeError extends Error {
  override name = 'TakedownScopeError';
}

/**
 * The scope of a takedown (see the table above). Throws `TakedownScopeError` when the trigger needs
 * an id the subject does not carry (a grantee, a blocked person or a video), or when a grant is
 * "withdrawn from" or a block is placed on the owner themself, which consent cannot express.
 */
export function takedownScope(subject: TakedownSubject): TakedownScope {
  const base = { cameoId: subject.cameoId, followRemixes: true };
  switch (subject.trigger) {
    case 'grant_withdrawn':
    case 'person_blocked': {
      if (!subject.subjectCreatorId) {
        throw new TakedownScopeError(`A ${subject.trigger.replace('_', ' ')} takedown must name the person whose consent ended.`);
      }
      if (subject.subjectCreatorId === subject.ownerId) {
        throw new TakedownScopeError('The owner of a cameo cannot lose consent to their own likeness; delete the cameo or remove a video instead.');
      }
      return { ...base, roots: { kind: 'creator', creatorId: subject.subjectCreatorId }, spareCreatorId: subject.ownerId };
    }
    case 'cameo_deleted':
      return { ...base, roots: { kind: 'every_use' }, spareCreatorId: null };
    case 'owner_removed_video': {
      if (!subject.videoId) throw new TakedownScopeError('An owner_removed_video takedown must name the video to remove.');
      return { ...base, roots: { kind: 'video', videoId: subject.videoId }, spareCreatorId: subject.ownerId };
    }
  }
}

