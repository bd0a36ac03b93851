/** Keyframe JPEGs for the review screen; staff only (they may show content that was never published). */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const match = /^([a-f0-9]{64})\.jpg$/.exec(params.file ?? '');
  if (!match || !(await staffForRequest(context.db, request))) return new Response('Not found', { status: 404 });
  const key = `keyframes/${match[1]}.jpg`;
  if (!(await context.media.exists(key))) return new Response('Not found', { status: 404 });
  return new Response(createReadableStreamFromReadable(await context.media.read(key)), {
    headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400, immutable' },
  });
}
