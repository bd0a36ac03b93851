/**
 * Reading likeness takedowns (workflows/likeness-takedown.ts): the progress of one takedown for the
 * cameo's owner (through the app API and the demo) or for staff, and the recent takedowns for the
 * legal console. While a takedown runs its progress is asked of the workflow (fresher than the row,
 * which is saved once per page); once it is done, the row is the answer. Read-only: a takedown is
 * started by the service that ended the consent (startLikenessTakedown), never from here.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { LikenessTakedownProgress, LikenessTakedownTrigger } from '../../contracts';
import { getLikenessTakedown, listRecentLikenessTakedowns, listTakedownItems, type LikenessTakedownRow } from '../../db/queries/likeness-takedowns';
import type { Database } from '../../db/schema';
import { roleMayDo, type StaffRole } from '../../policies/staff-access';
import { ServiceRefusal } from './refusal';
import { likenessTakedownProgress, type WorkflowClientDeps } from './workflow-client.server';

type Deps = Pick<WorkflowClientDeps, 'temporal'> & { db: Kysely<Database> };

/** Who asks: a creator of the consumer app (through the app API), or a signed-in staff member. */
export type TakedownViewer = { kind: 'creator'; creatorId: string } | { kind: 'staff'; role: StaffRole };

/** A takedown as the API, the demo and the console show it. Times are ISO 8601 strings. */
export interface TakedownProgressView extends LikenessTakedownProgress {
  takedownId: string;
  trigger: LikenessTakedownTrigger;
  cameoId: string;
  cameoName: string;
  videoId: string | null;
  reason: string;
  requestedBy: { kind: 'creator' | 'staff'; id: string };
  startedAt: string;
  finishedAt: string | null;
  /** True when the counts came from the running workflow, false when from the saved row. */
  live: boolean;
}

const takedownIdShape = z.uuid();

const NOT_FOUND = 'There is no likeness takedown with that id that you may see (one just started can take a moment to appear).';

/**
 * One takedown's progress for `viewer`: the cameo's owner, the creator who asked for it, or staff
 * whose role may read takedowns (ROLE_SETS.likeness_takedowns). Anyone else, an id that is not a
 * UUID, and an unknown id are all refused NOT_FOUND with one sentence, so the answer says nothing
 * about takedowns the viewer may not see.
 */
export async function getTakedownProgress(deps: Deps, takedownId: string, viewer: TakedownViewer): Promise<TakedownProgressView> {
  if (!takedownIdShape.safeParse(takedownId).success) throw new ServiceRefusal('NOT_FOUND', NOT_FOUND);
  const row = await getLikenessTakedown(deps.db, takedownId);
  if (!row || !mayView(row, viewer)) throw new ServiceRefusal('NOT_FOUND', NOT_FOUND);
  return viewOf(deps, row);
}

/** One video a takedown handled, as the console shows it. */
export interface TakedownItemView {
  videoId: string;
  outcome: 'taken_down' | 'already_down' | 'failed';
  doneAt: string;
  videoStatus: 'draft' | 'published' | 'removed';
  remixOfVideoId: string | null;
  creatorHandle: string;
}

/**
 * A takedown's progress with the videos it handled (at most 500, most recent first), for staff.
 * Refuses as getTakedownProgress does.
 */
export async function getTakedownDetail(
  deps: Deps, takedownId: string, viewer: TakedownViewer,
): Promise<{ takedown: TakedownProgressView; items: TakedownItemView[] }> {
  const takedown = await getTakedownProgress(deps, takedownId, viewer);
  const items = await listTakedownItems(deps.db, takedownId, 500);
  return {
    takedown,
    items: items.map((item) => ({
      videoId: item.video_id, outcome: item.outcome, doneAt: item.done_at.toISOString(), videoStatus: item.video_status,
      remixOfVideoId: item.remix_of_video_id, creatorHandle: item.creator_handle,
    })),
  };
}

/** The most recent takedowns, newest first, each with its progress (live for the running ones). */
export async function listRecentTakedowns(deps: Deps, limit = 50): Promise<TakedownProgressView[]> {
  const rows = await listRecentLikenessTakedowns(deps.db, limit);
  return Promise.all(rows.map((row) => viewOf(deps, row)));
}

function mayView(row: LikenessTakedownRow, viewer: TakedownViewer): boolean {
  if (viewer.kind === 'staff') return roleMayDo(viewer.role, 'likeness_takedowns');
  return viewer.creatorId === row.cameo_owner_id || (row.requested_by_kind === 'creator' && viewer.creatorId === row.requested_by_id);
}

async function viewOf(deps: Deps, row: LikenessTakedownRow): Promise<TakedownProgressView> {
  // Only a takedown not yet done is asked (a query on a closed workflow makes a worker replay it).
  const live = row.state === 'done' ? null : await likenessTakedownProgress(deps, row.id);
  const saved: LikenessTakedownProgress = {
    state: row.state, found: row.found, takenDown: row.taken_down, alreadyDown: row.already_down, failed: row.failed,
  };
  return {
    ...(live ?? saved),
    takedownId: row.id,
    trigger: row.trigger,
    cameoId: row.cameo_id,
    cameoName: row.cameo_name,
    videoId: row.video_id,
    reason: row.reason,
    requestedBy: { kind: row.requested_by_kind, id: row.requested_by_id },
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    live: live !== null,
  };
}
