/**
 * A local server implementing the OpenAI-compatible Videos API as documented (OpenAI platform docs,
 * "Videos"): `POST /v1/videos` (multipart form, as the SDK sends it: prompt, model, seconds, size,
 * optional input_reference), `GET /v1/videos/{id}` (status queued | in_progress | completed | failed,
 * progress 0-100, an `openai-poll-after-ms` header when asked to), `GET /v1/videos/{id}/content`
 * (`variant=video` or `thumbnail`), `POST /v1/videos/{id}/remix`, `DELETE /v1/videos/{id}`; errors
 * as `{ error: { message, type, param, code } }`; webhooks (`video.completed`, `video.failed`)
 * signed with the Standard Webhooks scheme, or forged on purpose. Bearer key checked.
 *
 * Tests plan what the next jobs do (`plan`), and read what happened: every request, the jobs
 * created (a create repeated with the same Idempotency-Key returns the same job and counts once),
 * the jobs deleted. Jobs advance with time (`completeAfterMs` from creation), so a job finishes
 * whether or not anyone polls, as a real provider's does. Nothing here reaches the internet.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What one job does; every field optional. */
export interface VideoJobPlan {
  /** ms from creation until the job completes or fails; Infinity: never (a job that hangs). Default 600. */
  completeAfterMs?: number;
  /** The job ends failed with this error instead of completed. */
  fail?: { code: string; message: string };
  /** The create call itself is refused with this status and error (a 400 moderation refusal, say). */
  refuseCreate?: { status: number; code: string; message: string; type?: string };
  /** The first N create calls answer 429 (rate limited) before one succeeds. */
  throttleCreates?: number;
  /** The first N status polls answer 500. */
  failPolls?: number;
  /** Sent as `openai-poll-after-ms` on every status answer. */
  pollAfterMs?: number;
  /** Treat every create as new even with a repeated Idempotency-Key, as a provider that ignores the header would. */
  ignoreIdempotencyKeys?: boolean;
  /** What the server delivers when the job ends: a valid signed webhook, a forged one, or nothing (default). */
  webhook?: 'valid' | 'forged' | 'none';
}

export interface RecordedVideoRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  fields: Record<string, string>;
  /** Bytes of an `input_reference` file, if one was sent. */
  inputReferenceBytes?: number;
}

interface Job {
  id: string;
  createdAt: number;
  plan: VideoJobPlan;
  prompt: string;
  model: string;
  seconds: string;
  size: string;
  remixedFrom: string | null;
  pollsSeen: number;
  deleted: boolean;
  webhookSent: boolean;
}

export interface FakeVideosServer {
  /** `http://127.0.0.1:<port>/v1`, what LOUPE_OPENAI_VIDEOS_BASE_URL is set to. */
  baseUrl: string;
  apiKey: string;
  /** The `whsec_` secret valid webhooks are signed with. */
  webhookSecret: string;
  requests: RecordedVideoRequest[];
  /** Jobs created, in order (a repeated Idempotency-Key does not add one). */
  jobsCreated(): string[];
  jobsDeleted(): string[];
  /** The plan for jobs created from now on (until planned again). */
  plan(next: VideoJobPlan): void;
  /** Where webhooks go (the console's `/api/webhooks/videos`), or null for none. */
  deliverWebhooksTo(url: string | null): void;
  /** Answers of webhook deliveries, in order: the status the receiver gave each. */
  webhookDeliveries: { jobId: string; forged: boolean; status: number; headers: Record<string, string>; body: string }[];
  close(): Promise<void>;
}

/**
 * Starts the server on a free loopback port. `videoPath` is the MP4 every completed job serves
 * (a real clip, so moderation and signing run for real); `thumbnailPath` a JPEG for `thumbnail`.
 */
export async function startFakeVideosServer(options: { videoPath: string; thumbnailPath: string; apiKey?: string }): Promise<FakeVideosServer> {
  const apiKey = options.apiKey ?? 'sk-test-videos';
  const webhookSecret = `whsec_${Buffer.from('loupe-test-videos-webhook-secret!').toString('base64')}`;
  const signer = new Webhook(webhookSecret);
  const forger = new Webhook(`whsec_${Buffer.from('somebody-elses-secret-entirely!!').toString('base64')}`);
  let plan: VideoJobPlan = {};
  let throttledCreates = 0;
  let webhookUrl: string | null = null;
  const jobs = new Map<string, Job>();
  const created: string[] = [];
  const byIdempotencyKey = new Map<string, string>();
  const requests: RecordedVideoRequest[] = [];
  const webhookDeliveries: FakeVideosServer['webhookDeliveries'] = [];
  const timers = new Set<NodeJS.Timeout>();

  const statusOf = (job: Job): { status: 'queued' | 'in_progress' | 'completed' | 'failed'; progress: number } => {
    const total = job.plan.completeAfterMs ?? 600;
    const elapsed = Date.now() - job.createdAt;
    if (elapsed >= total) return job.plan.fail ? { status: 'failed', progress: 0 } : { status: 'completed', progress: 100 };
    if (elapsed < Math.min(100, total / 10)) return { status: 'queued', progress: 0 };
    return { status: 'in_progress', progress: Math.min(99, Math.floor((elapsed / total) * 100)) };
  };

  const videoObject = (job: Job) => {
    const { status, progress } = statusOf(job);
    return {
      id: job.id,
      object: 'video',
      model: job.model,
      status,
      progress,
      prompt: job.prompt,
      seconds: job.seconds,
      size: job.size,
      created_at: Math.floor(job.createdAt / 1000),
      completed_at: status === 'completed' ? Math.floor(Date.now() / 1000) : null,
      expires_at: null,
      remixed_from_video_id: job.remixedFrom,
      error: status === 'failed' && job.plan.fail ? { code: job.plan.fail.code, message: job.plan.fail.message } : null,
    };
  };

  const scheduleWebhook = (job: Job) => {
    const mode = job.plan.webhook ?? 'none';
    const total = job.plan.completeAfterMs ?? 600;
    if (mode === 'none' || !Number.isFinite(total)) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void deliver(job, mode === 'forged');
    }, total + 20);
    timers.add(timer);
  };

  const deliver = async (job: Job, forged: boolean) => {
    if (!webhookUrl || job.deleted || job.webhookSent) return;
    job.webhookSent = true;
    const body = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      created_at: Math.floor(Date.now() / 1000),
      type: job.plan.fail ? 'video.failed' : 'video.completed',
      data: { id: job.id },
    });
    const id = `msg_${randomUUID().replace(/-/g, '')}`;
    const now = new Date();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': (forged ? forger : signer).sign(id, now, body),
    };
    const answer = await fetch(webhookUrl, { method: 'POST', headers, body }).catch(() => null);
    webhookDeliveries.push({ jobId: job.id, forged, status: answer?.status ?? 0, headers, body });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { error: { message: String(error), type: 'server_error', param: null, code: null } });
      });
    });
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const fields: Record<string, string> = {};
    let inputReferenceBytes: number | undefined;
    const contentType = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && contentType.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') fields[name] = value;
        else if (name === 'input_reference') inputReferenceBytes = value.size;
      }
    } else if (req.method === 'POST' && body.length > 0) {
      Object.assign(fields, JSON.parse(body.toString('utf8')) as Record<string, string>);
    }
    const idempotencyKey = single(req.headers['idempotency-key']);
    requests.push({
      method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization, idempotencyKey, fields,
      ...(inputReferenceBytes !== undefined ? { inputReferenceBytes } : {}),
    });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    }
    const parts = url.pathname.replace(/^\/v1\/?/, '').split('/').filter(Boolean);
    if (parts[0] !== 'videos') return send(res, 404, notFound(req, url));

    // POST /videos and POST /videos/{id}/remix create a job.
    const isCreate = req.method === 'POST' && parts.length === 1;
    const isRemix = req.method === 'POST' && parts.length === 3 && parts[2] === 'remix';
    if (isCreate || isRemix) {
      const remixOf = isRemix ? jobs.get(parts[1]!) : undefined;
      if (isRemix && (!remixOf || remixOf.deleted)) return send(res, 404, notFound(req, url));
      if (idempotencyKey && !plan.ignoreIdempotencyKeys && byIdempotencyKey.has(idempotencyKey)) return send(res, 200, videoObject(jobs.get(byIdempotencyKey.get(idempotencyKey)!)!));
      if (throttledCreates < (plan.throttleCreates ?? 0)) {
        throttledCreates += 1;
        return send(res, 429, { error: { message: 'Rate limit reached for videos per minute. Please try again in 1s.', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, { 'retry-after-ms': '200' });
      }
      if (plan.refuseCreate) {
        const refusal = plan.refuseCreate;
        return send(res, refusal.status, { error: { message: refusal.message, type: refusal.type ?? 'invalid_request_error', param: null, code: refusal.code } });
      }
      if (isCreate && !['4', '8', '12'].includes(fields.seconds ?? '4')) {
        return send(res, 400, { error: { message: `Invalid value: '${fields.seconds}'. Supported values are: '4', '8', and '12'.`, type: 'invalid_request_error', param: 'seconds', code: 'invalid_value' } });
      }
      const job: Job = {
        id: `video_${randomUUID().replace(/-/g, '')}`,
        createdAt: Date.now(),
        plan: { ...plan },
        prompt: fields.prompt ?? '',
        model: fields.model ?? remixOf?.model ?? 'sora-2',
        seconds: fields.seconds ?? remixOf?.seconds ?? '4',
        size: fields.size ?? remixOf?.size ?? '720x1280',
        remixedFrom: remixOf?.id ?? null,
        pollsSeen: 0,
        deleted: false,
        webhookSent: false,
      };
      jobs.set(job.id, job);
      created.push(job.id);
      if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, job.id);
      scheduleWebhook(job);
      return send(res, 200, videoObject(job));
    }

    const job = parts[1] ? jobs.get(parts[1]) : undefined;
    if (!job || job.deleted) return send(res, 404, notFound(req, url));
    if (req.method === 'GET' && parts.length === 2) {
      job.pollsSeen += 1;
      if (job.pollsSeen <= (job.plan.failPolls ?? 0)) {
        return send(res, 500, { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } });
      }
      const extra: Record<string, string> = job.plan.pollAfterMs !== undefined ? { 'openai-poll-after-ms': String(job.plan.pollAfterMs) } : {};
      return send(res, 200, videoObject(job), extra);
    }
    if (req.method === 'GET' && parts.length === 3 && parts[2] === 'content') {
      if (statusOf(job).status !== 'completed') {
        return send(res, 400, { error: { message: 'Video is not ready yet, use GET /videos/{video_id} to check status.', type: 'invalid_request_error', param: null, code: null } });
      }
      const variant = url.searchParams.get('variant') ?? 'video';
      const file = variant === 'video' ? options.videoPath : variant === 'thumbnail' ? options.thumbnailPath : null;
      if (!file) return send(res, 400, { error: { message: `Invalid variant '${variant}'.`, type: 'invalid_request_error', param: 'variant', code: 'invalid_value' } });
      res.writeHead(200, { 'content-type': variant === 'video' ? 'video/mp4' : 'image/jpeg' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    if (req.method === 'DELETE' && parts.length === 2) {
      job.deleted = true;
      return send(res, 200, { id: job.id, object: 'video.deleted', deleted: true });
    }
    return send(res, 404, notFound(req, url));
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey,
    webhookSecret,
    requests,
    jobsCreated: () => [...created],
    jobsDeleted: () => [...jobs.values()].filter((job) => job.deleted).map((job) => job.id),
    plan(next) {
      plan = next;
      throttledCreates = 0;
    },
    deliverWebhooksTo(url) {
      webhookUrl = url;
    },
    webhookDeliveries,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

function notFound(req: http.IncomingMessage, url: URL) {
  return { error: { message: `No video found for ${req.method} ${url.pathname}.`, type: 'invalid_request_error', param: null, code: null } };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
