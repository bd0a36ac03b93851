/**
 * POST /api/webhooks/videos: the video provider's webhooks (issue 15), verified and passed to the
 * request's workflow by app/services/video-webhooks.server.ts. The body is read as text, untouched,
 * because the signature covers its exact bytes.
 */
import type { ActionFunctionArgs } from '@remix-run/node';
import { receiveVideoWebhook } from '../services/video-webhooks.server';

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ received: false, message: 'Send webhooks with POST.' }, { status: 405, headers: { Allow: 'POST' } });
  const answer = await receiveVideoWebhook(context, await request.text(), request.headers);
  return Response.json(answer.body, { status: answer.status });
}

export function loader() {
  return Response.json({ received: false, message: 'This address takes the video provider\'s webhooks, sent with POST.' }, { status: 405, headers: { Allow: 'POST' } });
}
