/** POST /api/verify: public, rate-limited provenance check of an uploaded video or image, or a Loupe video id. */
import type { ActionFunctionArgs } from '@remix-run/node';
import { handleVerifyRequest } from '../services/verify-upload.server';

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: { message: 'Use POST.' } }, { status: 405 });
  return handleVerifyRequest(request, context);
}

export function loader() {
  return Response.json({ error: { message: 'POST a video or image (multipart field "file") or {"videoId": "..."} to this address.' } }, { status: 405 });
}
