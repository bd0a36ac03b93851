/**
 * Video bytes at /media/<videoId>.mp4, with HTTP range support for players. Published videos are
 * public; drafts and removed videos only reach logged-in staff, never the public.
 */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const match = /^([0-9a-f-]{36})\.mp4$/.exec(params.file ?? '');
  if (!match) return new Response('Not found', { status: 404 });
  const video = await context.db.selectFrom('videos').select(['storage_key', 'status']).where('id', '=', match[1]!).executeTakeFirst();
  const visible = video && (video.status === 'published' || (await staffForRequest(context.db, request)) !== null);
  if (!video || !visible) return new Response('Not found', { status: 404 });

  const size = await context.media.size(video.storage_key);
  const headers = new Headers({
    'Content-Type': 'video/mp4',
    'Accept-Ranges': 'bytes',
    'Cache-Control': video.status === 'published' ? 'public, max-age=3600' : 'private, no-store',
  });
  const range = request.headers.get('range');
  if (!range) {
    headers.set('Content-Length', String(size));
    return new Response(createReadableStreamFromReadable(context.media.read(video.storage_key)), { status: 200, headers });
  }
  const parsed = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start = parsed?.[1] ? Number(parsed[1]) : NaN;
  let end = parsed?.[2] ? Number(parsed[2]) : size - 1;
  if (parsed && !parsed[1] && parsed[2]) {
    // "bytes=-N": the last N bytes.
    start = Math.max(0, size - Number(parsed[2]));
    end = size - 1;
  }
  if (!parsed || Number.isNaN(start) || start >= size || end < start) {
    headers.set('Content-Range', `bytes */${size}`);
    return new Response('Range not satisfiable', { status: 416, headers });
  }
  end = Math.min(end, size - 1);
  headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
  headers.set('Content-Length', String(end - start + 1));
  return new Response(createReadableStreamFromReadable(context.media.read(video.storage_key, { start, end })), { status: 206, headers });
}
