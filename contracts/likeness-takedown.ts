/**
 * The likeness takedown: when consent to a cameo ends (a grant withdrawn, a person blocked, a cameo
 * deleted) or an owner removes one video with their likeness, the likenessTakedown workflow
 * (workflows/likeness-takedown.ts) finds every draft, published video and remix that relied on it,
 * takes each down once and notifies its creator. Workflow name, id, input, progress query and the
 * activities it calls on the pipeline task queue (activities/likeness-takedown.ts).
 */
import { defineQuery } from '@temporalio/workflow';
import type { LikenessTakedownTrigger } from '../policies/consent/takedown-scope';

/** The workflow type name the app starts and the worker registers. */
export const LIKENESS_TAKEDOWN_WORKFLOW = 'likenessTakedown';

/** Workflow id of one takedown: one workflow per takedown id, so a repeated start is harmless. */
export function likenessTakedownWorkflowId(takedownId: string): string {
  return `likeness-takedown-${takedownId}`;
}

/**
 * What ended the consent the uses relied on (the list and the rule of which uses rely on it live in
 * policies/consent/takedown-scope.ts):
 * - `grant_withdrawn`: the cameo's owner withdrew `subjectCreatorId`'s grant;
 * - `person_blocked`: the owner blocked `subjectCreatorId`;
 * - `cameo_deleted`: the owner deleted the cameo;
 * - `owner_removed_video`: the owner removed one video (`videoId`) with their likeness.
 */
export { LIKENESS_TAKEDOWN_TRIGGERS, type LikenessTakedownTrigger } from '../policies/consent/takedown-scope';

/** Who asked for the takedown: the cameo's owner (a creator) or a staff member (e.g. an upheld complaint). */
export interface LikenessTakedownRequester {
  kind: 'creator' | 'staff';
  id: string;
}

/** Input of likenessTakedown. Workflow id = likenessTakedownWorkflowId(takedownId). */
export interface LikenessTakedownInput {
  /** Minted by the app (startLikenessTakedown); keys the likeness_takedowns row. */
  takedownId: string;
  trigger: LikenessTakedownTrigger;
  cameoId: string;
  /** The grantee (grant_withdrawn) or the blocked person (person_blocked); null for the other triggers. */
  subjectCreatorId: string | null;
  /** The removed video (owner_removed_video); null for the other triggers. */
  videoId: string | null;
  /** The consent ledger version the change produced, when the ledger has one (recorded with the takedown). */
  ledgerVersion: number | null;
  requestedBy: LikenessTakedownRequester;
  /** Why, in words the affected creators can read (it goes into their notification). */
  reason: string;
  /** Uses per page (default 50); tests set a small one. */
  pageSize?: number;
  /** Pages per workflow run before it continues as new (default 20), so one history stays small. */
  pagesPerRun?: number;
  /** Carried over continue-as-new; callers leave it out. */
  carried?: LikenessTakedownCarried;
}

/** Where a takedown resumes after continue-as-new. */
export interface LikenessTakedownCarried {
  progress: LikenessTakedownProgress;
  /** The keyset cursor of the next page of uses (db/queries/likeness-takedowns.ts); null: from the start. */
  cursor: string | null;
}

/** A takedown's progress: the answer of likenessTakedownProgressQuery and of getTakedownProgress. */
export interface LikenessTakedownProgress {
  /** `finding` before the first page is read, `taking_down` while pages are worked, `done` at the end. */
  state: 'finding' | 'taking_down' | 'done';
  /** Uses found so far (videos relying on the consent, drafts and published). */
  found: number;
  /** Videos this takedown took down. */
  takenDown: number;
  /** Videos that were already removed (by this takedown before a crash, by a reviewer, or by another takedown). */
  alreadyDown: number;
  /** Videos the takedown could not take down (their item rows name them; the worker log says why); a new takedown of the same change finds them again. */
  failed: number;
}

/** Answered by likenessTakedown, while it runs. */
export const likenessTakedownProgressQuery = defineQuery<LikenessTakedownProgress>('likenessTakedownProgress');

/** One page of uses found for a takedown. */
export interface LikenessTakedownPage {
  videoIds: string[];
  /** Cursor of the page after this one; null when this was the last page. */
  nextCursor: string | null;
}

/** What happened to one video of a takedown. */
export type LikenessTakedownOutcome = 'taken_down' | 'already_down' | 'failed';

/**
 * Attempts takeDownForLikeness makes at one video before it records the video as `failed` and moves
 * on (a video that cannot be taken down must not stop the others; the item row keeps it visible).
 */
export const LIKENESS_TAKEDOWN_VIDEO_ATTEMPTS = 3;

/**
 * Input of the one "take a video down" (RecordActivities.takeDownVideo, activities/take-down-video.ts).
 * A staff decision (report review, an upheld complaint) passes `staffId`: the video is removed, its
 * open reports upheld, its creator struck and told they may appeal. A likeness takedown passes
 * `likeness` instead: the video is removed and its creator told consent ended, with no strike (the
 * use was allowed when it was made), and a video already removed is left as it is.
 */
export interface TakeDownVideoInput {
  videoId: string;
  /** Why, in words for the video's creator (it goes into the notification and the audit log). */
  reason: string;
  /** The staff member who decided; required unless `likeness` is given. */
  staffId?: string;
  /**
   * What the staff decision upheld, for the creator's notification: user reports (the default, as
   * before) or a likeness complaint. Absent in histories recorded before complaints existed.
   */
  cause?: 'user_reports' | 'likeness_complaint' | 'copyright';
  /** A likeness takedown's removal: which takedown, and who asked for it. */
  likeness?: { takedownId: string; requestedBy: LikenessTakedownRequester };
  /**
   * A copyright removal (issue 13; `cause: 'copyright'`): the bank match it acts on (a
   * copyright_matches row), the rescan that found it (null for a reviewer's decision outside one),
   * and when the claimed work became known to Loupe (the matched bank's creation, ISO 8601; null when
   * unknown). A video created before that instant gets no strike: its creator could not have known.
   * `staffId` is set when a reviewer decided (copyright queue), absent when the rescan acted by rule.
   */
  copyright?: { matchId: string; rescanId: string | null; claimedAt: string | null };
}

/** What takeDownVideo did: removed the video now, or found it removed already. */
export interface TakeDownVideoResult {
  outcome: 'taken_down' | 'already_down';
}

/** The likeness takedown activities (pipeline task queue). */
export interface LikenessTakedownActivities {
  /** Writes the takedown's row (state `finding`); a second call for the same id changes nothing. */
  recordLikenessTakedown(input: Omit<LikenessTakedownInput, 'carried'>): Promise<void>;
  /** One keyset page of the videos relying on the consent the takedown ended. */
  findLikenessTakedownPage(input: { takedownId: string; cursor: string | null; limit: number }): Promise<LikenessTakedownPage>;
  /**
   * Takes one video down for the takedown and notifies its creator, once: a video this takedown
   * already handled answers its recorded outcome and does nothing.
   */
  takeDownForLikeness(input: { takedownId: string; videoId: string }): Promise<LikenessTakedownOutcome>;
  /** Writes the takedown's progress to its row (so it outlives the workflow). */
  saveLikenessTakedownProgress(input: { takedownId: string; progress: LikenessTakedownProgress }): Promise<void>;
}
