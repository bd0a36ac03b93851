/**
 * Every use of an owner's likeness: each request that carries one of their cameos (picked by its
 * creator or inherited by a remix), whoever made it and whatever became of it (drafts, blocked and
 * removed included), newest first, keyset-paginated on (created_at to the millisecond, request id).
 *
 * Sorting and the cursor use the creation time truncated to milliseconds, because the cursor
 * carries a JavaScript date: comparing the full microsecond value would skip or repeat rows that
 * share a millisecond.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../schema';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { storableIsoDateTime, storableUuid } from './storable';

/** Where the next page starts: after the request created at `createdAt` (ISO 8601, milliseconds) with `id`. */
export interface LikenessUseCursor {
  createdAt: string;
  id: string;
}

const cursorShape = z.object({ createdAt: storableIsoDateTime, id: storableUuid });

/** A page's `nextCursor` read back, or null when it is not one of this list. */
export function decodeLikenessUseCursor(raw: string): LikenessUseCursor | null {
  return decodeCursor(raw, cursorShape);
}

/** One page of the uses of `ownerId`'s cameos and the cursor of the next page (null on the last). */
export async function listLikenessUses(db: Kysely<Database>, ownerId: string, options: { limit: number; cursor: LikenessUseCursor | null }) {
  const createdMs = sql<Date>`date_trunc('milliseconds', r.created_at)`;
  let query = db
    .selectFrom('generation_requests as r')
    .innerJoin('creators as c', 'c.id', 'r.creator_id')
    .leftJoin('videos as v', 'v.request_id', 'r.id')
    .select([
      'r.id as request_id', 'r.creator_id', 'c.handle as creator_handle', 'r.prompt', 'r.status', 'r.status_reason', 'r.remix_of_video_id',
      'v.id as video_id', 'v.status as video_status', createdMs.as('created_ms'),
      sql<{ cameoId: string; displayName: string; inherited: boolean }[]>`(
        SELECT json_agg(json_build_object('cameoId', cm.id, 'displayName', cm.display_name, 'inherited', rc.inherited) ORDER BY cm.display_name)
        FROM request_cameos rc JOIN cameos cm ON cm.id = rc.cameo_id
        WHERE rc.request_id = r.id AND cm.owner_id = ${ownerId})`.as('cameos'),
    ])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('request_cameos as rc')
          .innerJoin('cameos as cm', 'cm.id', 'rc.cameo_id')
          .select('rc.cameo_id')
          .whereRef('rc.request_id', '=', 'r.id')
          .where('cm.owner_id', '=', ownerId),
      ),
    )
    .orderBy(createdMs, 'desc')
    .orderBy('r.id', 'desc')
    .limit(options.limit + 1);
  if (options.cursor) {
    const at = new Date(options.cursor.createdAt);
    const id = options.cursor.id;
    query = query.where((eb) => eb.or([eb(createdMs, '<', at), eb.and([eb(createdMs, '=', at), eb('r.id', '<', id)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > options.limit && last ? encodeCursor({ createdAt: last.created_ms.toISOString(), id: last.request_id } satisfies LikenessUseCursor) : null;
  return { rows: page, nextCursor };
}
