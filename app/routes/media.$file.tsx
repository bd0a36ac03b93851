/**
 * Video bytes at /media/<videoId>.mp4, with HTTP range support for players. Published videos are
 * public; drafts and removed videos only reach logged-in staff, never the public.
 *
 * The Range header is parsed by `range-parser` (RFC 9110 section 14). One byte range (or several
 * that merge into one) is answered with 206; a range outside the file, or a malformed one, with 416
 * and a Content-Range that names the file's size; a Range in another unit, or several disjoint
 * ranges (which would need a multipart/byteranges body), is ignored and the whole file sent, as
 * RFC 9110 section 14.2 allows. The bytes come from the media store: the local folder, or with
 * LOUPE_MEDIA_STORE=s3 a ranged GetObject; storage that cannot be reached answers 503 with Retry-After.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { combineRanges, parse as parseRange } from 'range-parser';
import { MediaStoreUnavailable, type MediaStore } from '../../db/media-store';
import { storableUuid } from '../../db/queries/storable';
import { staffForRequest } from '../services/sessions.server';

/** range-parser's result code bit for a malformed range-set (e.g. `bytes=abc`, `bytes=9-3`). */
const RANGE_MALFORMED = 1;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const match = /^([0-9a-f-]{36})\.mp4$/.exec(params.file ?? '');
  // The pattern alone lets 36 dashes through, which PostgreSQL's uuid refuses: only a real id is looked up.
  if (!match || !storableUuid.safeParse(match[1]).success) return new Response('Not found', { status: 404 });
  const video = await context.db.selectFrom('videos').select(['storage_key', 'status']).where('id', '=', match[1]!).executeTakeFirst();
  const visible = video && (video.status === 'published' || (await staffForRequest(context.db, request)) !== null);
  if (!video || !visible) return new Response('Not found', { status: 404 });

  try {
    return await send(context.media, video, request.headers.get('range'));
  } catch (error) {
    // Object storage down or unreachable: say so and when to try again, not a 500 with a stack.
    if (error instanceof MediaStoreUnavailable) {
      return new Response('Media storage is unavailable right now; try again in a minute.', { status: 503, headers: { 'Retry-After': '30' } });
    }
    throw error;
  }
}

/** The whole file (200), one byte range of it (206), or a 416 for a range outside it. */
async function send(media: MediaStore, video: { storage_key: string; status: string }, rangeHeader: string | null): Promise<Response> {
  const size = await media.size(video.storage_key);
  const headers = new Headers({
    'Content-Type': 'video/mp4',
    'Accept-Ranges': 'bytes',
    'Cache-Control': video.status === 'published' ? 'public, max-age=3600' : 'private, no-store',
  });
  const range = requestedRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response('Range not satisfiable', { status: 416, headers });
  }
  if (range === 'whole') {
    headers.set('Content-Length', String(size));
    return new Response(createReadableStreamFromReadable(await media.read(video.storage_key)), { status: 200, headers });
  }
  const { start, end } = range;
  headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  headers.set('Content-Length', String(end - start + 1));
  return new Response(createReadableStreamFromReadable(await media.read(video.storage_key, { start, end })), { status: 206, headers });
}

/**
 * What to send for a Range header against a file of `size` bytes: the whole file, one inclusive
 * byte range, or a 416. A malformed byte range is refused with 416, as Loupe always did.
 */
function requestedRange(header: string | null, size: number): 'whole' | 'unsatisfiable' | { start: number; end: number } {
  if (header === null) return 'whole';
  const parsed = parseRange(size, header.trim());
  // A unit Loupe does not serve must be ignored (RFC 9110 section 14.2); no unit at all is malformed.
  if (parsed.type !== '' && parsed.type !== 'bytes') return 'whole';
  if (parsed.code & RANGE_MALFORMED || parsed.ranges.length === 0) return 'unsatisfiable';
  const merged = combineRanges(parsed.ranges);
  return merged.length === 1 ? { start: merged[0]!.start, end: merged[0]!.end } : 'whole';
}
