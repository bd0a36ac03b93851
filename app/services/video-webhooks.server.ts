/**
 * Issue 15: a video provider's webhook (`video.completed`, `video.failed`) received by the console
 * and handed to the request's workflow as the providerJobUpdate signal, so it polls at once instead
 * of at its next timer. Polling stays the fallback: a webhook lost, refused or never configured
 * only delays the clip.
 *
 * Verification is the Standard Webhooks scheme the OpenAI SDKs use (standardwebhooks.com; the
 * `standardwebhooks` package): `webhook-id`, `webhook-timestamp`, `webhook-signature` =
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` under the `whsec_` secret
 * (LOUPE_OPENAI_VIDEOS_WEBHOOK_SECRET). Refused, each with one sentence: missing headers (400), a
 * timestamp more than 5 minutes from this server's clock (401), a signature that does not match
 * (401). A delivery whose `webhook-id` was accepted before (a replay, or the provider's redelivery)
 * is answered 200 but not acted on again, as the scheme's idempotency rule asks. The signal itself
 * carries no trust: the workflow reads the job's status from the provider.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { recordWebhookDelivery, requestOfProviderJob } from '../../db/queries/provider-video-jobs';
import type { AppContext } from '../context';
import { signalProviderJobUpdate } from './workflow-client.server';

/** Standard Webhooks' tolerance: a delivery stamped more than 5 minutes away from now is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** The events that move a job: the Videos API's webhook event types (OpenAI platform docs, "Webhooks"). */
const JOB_EVENTS = ['video.completed', 'video.failed'] as const;

const eventSchema = z.object({ type: z.string().min(1), data: z.object({ id: z.string().min(1).max(200) }) });

/** The answer the route sends: an HTTP status and a JSON body with one sentence. */
export interface WebhookAnswer {
  status: 200 | 400 | 401 | 404 | 503;
  body: { received: boolean; message: string };
}

/**
 * Verifies and handles one delivery. `rawBody` must be the body exactly as it arrived (the
 * signature covers its bytes); `headers` the request's headers. Never throws for a bad delivery;
 * throws only what Temporal or PostgreSQL throw unexpectedly.
 */
export async function receiveVideoWebhook(
  ctx: Pick<AppContext, 'db' | 'temporal' | 'videosWebhookSecret'>,
  rawBody: string,
  headers: Headers,
  now: Date = new Date(),
): Promise<WebhookAnswer> {
  const secret = ctx.videosWebhookSecret;
  if (!secret) return refuse(404, 'This Loupe takes no video provider webhooks (LOUPE_OPENAI_VIDEOS_WEBHOOK_SECRET is not set); it polls the provider instead.');
  const id = headers.get('webhook-id');
  const timestamp = headers.get('webhook-timestamp');
  const signature = headers.get('webhook-signature');
  if (!id || !timestamp || !signature) return refuse(400, 'The webhook lacks its webhook-id, webhook-timestamp or webhook-signature header, so it cannot be verified.');
  const sentAt = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - sentAt) > WEBHOOK_TOLERANCE_SECONDS) {
    return refuse(401, 'The webhook\'s timestamp is more than 5 minutes away from this server\'s clock, so it is refused (a replayed delivery, or a clock to set right).');
  }
  try {
    new Webhook(secret).verify(rawBody, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
  } catch (error) {
    if (error instanceof WebhookVerificationError) return refuse(401, 'The webhook\'s signature does not match the configured secret, so it is refused.');
    throw error;
  }
  let payload: unknown = null;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    // Signed but not JSON: answered below like any other body that is not a video event.
  }
  const event = eventSchema.safeParse(payload);
  if (!event.success) return refuse(400, 'The webhook is signed but is not a video event (it needs a type and data.id).');
  if (!(JOB_EVENTS as readonly string[]).includes(event.data.type)) {
    return { status: 200, body: { received: true, message: `Event ${event.data.type} is not one Loupe acts on.` } };
  }
  const jobId = event.data.data.id;
  const requestId = await requestOfProviderJob(ctx.db, jobId);
  if (!requestId) return refuse(404, `No request of this Loupe has video job ${jobId}.`);
  if (!(await recordWebhookDelivery(ctx.db, { webhookId: id, providerJobId: jobId, eventType: event.data.type }))) {
    return { status: 200, body: { received: true, message: `Delivery ${id} was received before; it is not acted on again.` } };
  }
  try {
    const running = await signalProviderJobUpdate(ctx, requestId, { jobId, event: event.data.type, webhookId: id });
    return { status: 200, body: { received: true, message: running ? 'The request was told; it reads the job now.' : 'The request no longer waits for this job.' } };
  } catch (error) {
    // Temporal did not take the signal: forget the delivery so the provider's retry is acted on.
    await ctx.db.deleteFrom('provider_webhook_deliveries').where('webhook_id', '=', id).execute();
    console.warn(`[webhooks] could not signal request ${requestId}: ${error instanceof Error ? error.message : String(error)}`);
    return refuse(503, 'Loupe could not pass the webhook on just now; deliver it again later.');
  }
}

function refuse(status: WebhookAnswer['status'], message: string): WebhookAnswer {
  return { status, body: { received: false, message } };
}
