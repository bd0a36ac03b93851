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
 *
 * An outage (`outage`, for issue 16's fault test) makes the server's front fail every call with a
 * 500 in the API's error shape, or give no answer at all to the calls the test picks (the client
 * then gives up at its own timeout), until it is ended; the jobs behind it keep advancing.
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
  /** What an outage did to this call instead of answering it: a 500, or no answer at all. */
  outage?: 'failed' | 'hung';
}

/** What a call is, in the API's terms: for an outage's choice of the calls it hangs. */
export type VideoCallKind = 'create' | 'remix' | 'status' | 'content' | 'delete' | 'other';

/**
 * The provider's front down (`FakeVideosServer.outage`): every call is recorded, then answered
 * `500 server_error` in the API's error shape (what OpenAI's docs list for "the server had an
 * error"), except those `hang` picks, which get no answer at all: their connection stays open until
 * the client gives up (the SDK's timeout) or the server closes. Plans, throttles and refusals are
 * not consulted while it lasts.
 */
export interface VideoProviderOutage {
  /**
   * How many more jobs the server makes, answering normally, before the outage begins (so a test
   * can start it the moment the first request's job exists, in the middle of the others' creates).
   * Default 0: at once.
   */
  afterJobs?: number;
  /**
   * Whether the call gets no answer; `index` counts the outage's calls from 0 and `ofKind` the calls
   * of the same kind (0 for the first status read of the outage, say). Default: none hangs.
   */
  hang?: (call: { index: number; ofKind: number; kind: VideoCallKind; method: string; path: string }) => boolean;
  /**
   * Whether a create (or remix) that meets the outage still makes its job behind the failing front,
   * as a gateway failing in front of a working backend would: the answer is lost, not the work. A
   * repeated Idempotency-Key then finds that job once the outage is over. Default false.
   */
  createsStillTakeJobs?: boolean;
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
  /** Starts an outage of the server's front (see VideoProviderOutage; at once or after `afterJobs`), or ends it with null. */
  outage(next: VideoProviderOutage | null): void;
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
export async function startFakeVideosServer(options: {
  videoPath: string;
  thumbnailPath: string;
  apiKey?: string;
  /** The MP4 a job made from `prompt` serves instead of `videoPath` (distinct clips per request); undefined: `videoPath`. */
  videoPathOf?: (prompt: string) => string | undefined;
}): Promise<FakeVideosServer> {
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
  let outage: VideoProviderOutage | null = null;
  /** The outage begins once `created` holds this many jobs. */
  let outageBeginsAtJobs = 0;
  let outageCalls = 0;
  const outageCallsOfKind = new Map<VideoCallKind, number>();

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

  /** Makes a job from a create's (or remix's) fields, under its Idempotency-Key. */
  const takeJob = (fields: Record<string, string>, idempotencyKey: string | undefined, remixOf: Job | undefined): Job => {
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
    return job;
  };

  /**
   * Answers a call during an outage (see VideoProviderOutage): a create still takes its job when
   * asked to, then the call fails with a 500 or is left without an answer.
   */
  const answerDuringOutage = (res: http.ServerResponse, call: RecordedVideoRequest, parts: string[], down: VideoProviderOutage) => {
    const kind = callKind(call.method, parts);
    const index = outageCalls++;
    const ofKind = outageCallsOfKind.get(kind) ?? 0;
    outageCallsOfKind.set(kind, ofKind + 1);
    if (down.createsStillTakeJobs && (kind === 'create' || kind === 'remix') && call.authorization === `Bearer ${apiKey}`) {
      const remixOf = kind === 'remix' ? jobs.get(parts[1]!) : undefined;
      const known = call.idempotencyKey !== undefined && !plan.ignoreIdempotencyKeys && byIdempotencyKey.has(call.idempotencyKey);
      if ((kind === 'create' || (remixOf && !remixOf.deleted)) && !known) takeJob(call.fields, call.idempotencyKey, remixOf);
    }
    if (down.hang?.({ index, ofKind, kind, method: call.method, path: call.path })) {
      // No answer: the socket stays open until the client gives up or close() ends it.
      call.outage = 'hung';
      return;
    }
    call.outage = 'failed';
    send(res, 500, { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } });
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
    const call: RecordedVideoRequest = {
      method: req.method ?? 'GET', path: url.pathname, authorization: req.headers.authorization, idempotencyKey, fields,
      ...(inputReferenceBytes !== undefined ? { inputReferenceBytes } : {}),
    };
    requests.push(call);
    const parts = url.pathname.replace(/^\/v1\/?/, '').split('/').filter(Boolean);
    if (outage && created.length >= outageBeginsAtJobs) return answerDuringOutage(res, call, parts, outage);
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
    }
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
      return send(res, 200, videoObject(takeJob(fields, idempotencyKey, remixOf)));
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
      const file = variant === 'video' ? (options.videoPathOf?.(job.prompt) ?? options.videoPath) : variant === 'thumbnail' ? options.thumbnailPath : null;
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
    outage(next) {
      outage = next;
      outageBeginsAtJobs = created.length + (next?.afterJobs ?? 0);
      outageCalls = 0;
      outageCallsOfKind.clear();
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

/** The kind of a call to `/v1/<parts>`, by its method and path. */
function callKind(method: string, parts: string[]): VideoCallKind {
  if (parts[0] !== 'videos') return 'other';
  if (method === 'POST' && parts.length === 1) return 'create';
  if (method === 'POST' && parts.length === 3 && parts[2] === 'remix') return 'remix';
  if (method === 'GET' && parts.length === 2) return 'status';
  if (method === 'GET' && parts.length === 3 && parts[2] === 'content') return 'content';
  if (method === 'DELETE' && parts.length === 2) return 'delete';
  return 'other';
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
