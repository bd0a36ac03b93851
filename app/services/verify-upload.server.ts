/**
 * POST /api/verify: anyone may ask what a video or image file (multipart field `file`: MP4, MOV, JPEG,
 * PNG or WebP, told apart by their bytes on the media worker) or a Loupe video id
 * (field or JSON `videoId`) says about its provenance. The upload is streamed to a temporary file
 * (never held in memory), capped in size, handed to the media workers through Temporal (they hold
 * the trust anchors and the fingerprint index), and removed afterwards whatever happens.
 *
 * Who gets served, in order (so one address cannot starve the rest, and nobody pays for Loupe's
 * refusals):
 * 1. Admission (`WorkSlots`, per process): at most `PER_CLIENT` checks of one address in progress
 *    (429) and `IN_PROGRESS` in all (503). Neither refusal counts against the caller's quota.
 * 2. The quota: `RATE_LIMIT` checks per address per window, counted in PostgreSQL (429). Every
 *    admitted request counts, whatever its answer: reading and refusing a bad upload is work too.
 * 3. The body, read under the HTTP server's size and speed limits (app/services/body-limits.server.ts):
 *    an upload that trickles in is cut with 408 within seconds, so it holds its admission briefly.
 * 4. The inspection, in one of `INSPECTING` slots, taken in arrival order. Uploads no longer hold
 *    those slots while they arrive: slow uploads cannot keep everyone else's files from being checked.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppLoadContext } from '@remix-run/node';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { VerifyFileReport } from '../../contracts';
import { isMultipartRequest, MalformedUploadError, readMultipartForm, UploadTooLargeError } from './multipart.server';
import { summarizeVerification } from './verify-summary';
import { inspectUploadedFile } from './workflow-client.server';
import { rateLimiterFor, type RateLimit } from '../../db/rate-limiter';
import { WorkSlots } from './work-slots.server';
import type { Database } from '../../db/schema';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** The answer to a file over the limit, whether this route or the HTTP server's body limit finds out first. */
export const FILE_TOO_LARGE = `The file is too large: Loupe checks files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`;
/** Per client address: this many checks per window, counted in PostgreSQL so every console process shares them. */
const RATE_LIMIT: RateLimit = { name: 'verify', points: 20, durationSeconds: 10 * 60 };
/** Checks one address may have in progress at once: a person checking two files side by side, not more. */
export const PER_CLIENT = 2;
/**
 * Checks in progress per server (receiving, waiting or being inspected): bounds the temporary disk
 * (12 uploads of at most 50 MB) and how long a check waits for an inspection slot.
 */
export const IN_PROGRESS = 12;
/** Inspections at once per server: they decode video and images. */
export const INSPECTING = 3;

const slots = new WorkSlots({ perClient: PER_CLIENT, total: IN_PROGRESS, workers: INSPECTING });

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { message } }, { status, headers });
}

/** For tests: forget one client address's count of checks. */
export async function resetVerifyRateLimit(db: Kysely<Database>, client: string): Promise<void> {
  await rateLimiterFor(db, RATE_LIMIT).forget(client);
}

const VideoIdInput = z.object({ videoId: z.uuid('videoId must be a Loupe video id (a UUID)') });

export async function handleVerifyRequest(request: Request, context: AppLoadContext): Promise<Response> {
  // The HTTP server decides who the client is (LOUPE_TRUSTED_PROXIES); a header alone is never believed.
  const client = context.clientAddress ?? 'unknown';
  // Admission first: a refusal here costs the caller nothing (no quota spent, no body read).
  const admission = slots.admit(client);
  if ('refused' in admission) {
    return admission.refused === 'client_busy'
      ? problem(429, `Your address already has ${PER_CLIENT} checks in progress: wait for one to finish, then try again.`, { 'Retry-After': '10' })
      : problem(503, 'Loupe is checking many files right now: try again in a minute.', { 'Retry-After': '30' });
  }
  // The declared size was checked by the HTTP server before this ran (app/services/body-limits.server.ts).
  let tempDir: string | null = null;
  try {
    const decision = await rateLimiterFor(context.db, RATE_LIMIT).consume(client);
    if (!decision.allowed) {
      const retryAfter = decision.retryAfterSeconds;
      return problem(429, `Too many checks from your address: try again in ${retryAfter} seconds.`, { 'Retry-After': String(retryAfter) });
    }
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-verify-'));
    const contentType = request.headers.get('content-type') ?? '';
    let videoId: string | null = null;
    let uploadPath: string | null = null;
    if (isMultipartRequest(request)) {
      let form;
      try {
        // Streamed to the temporary folder as it arrives; the read stops at the first byte over the limit.
        form = await readMultipartForm(request, {
          fileFields: ['file'],
          limits: { maxFileBytes: MAX_UPLOAD_BYTES, maxFiles: 1, maxFields: 4, maxFieldBytes: 4096 },
          destination: { kind: 'disk', directory: tempDir },
        });
      } catch (error) {
        if (error instanceof UploadTooLargeError) {
          return problem(413, FILE_TOO_LARGE);
        }
        if (error instanceof MalformedUploadError) {
          return problem(400, `${error.message} Send a multipart form with the video or image in the field "file".`);
        }
        throw error;
      }
      const file = form.files[0];
      const formVideoId = form.fields.get('videoId');
      if (file) {
        uploadPath = file.path!;
        if (file.size === 0) return problem(400, 'The uploaded file is empty.');
      } else if (formVideoId) {
        videoId = formVideoId;
      } else {
        return problem(400, 'Send a video or image in the form field "file", or a Loupe video id in the field "videoId".');
      }
    } else if (contentType.startsWith('application/json')) {
      const body: unknown = await request.json().catch(() => undefined);
      const parsed = VideoIdInput.safeParse(body);
      if (!parsed.success) return problem(400, 'Send JSON like {"videoId": "<Loupe video id>"}, or upload a file as multipart form data.');
      videoId = parsed.data.videoId;
    } else {
      return problem(415, 'Send the video or image as multipart/form-data (field "file"), or JSON {"videoId": "..."}.');
    }

    let input: { storageKey: string } | { videoId: string };
    if (videoId !== null) {
      const parsed = VideoIdInput.safeParse({ videoId });
      if (!parsed.success) return problem(400, 'videoId must be a Loupe video id (a UUID).');
      const video = await context.db.selectFrom('videos').select('id').where('id', '=', parsed.data.videoId).where('status', '=', 'published').executeTakeFirst();
      if (!video) return problem(404, 'No published Loupe video has that id.');
      input = { videoId: video.id };
    } else {
      // Into the media store, where the media workers (possibly on other machines) can read it.
      // The worker tells the format from the bytes, never from this name.
      const storageKey = `uploads/${randomBytes(32).toString('hex')}.upload`;
      await context.media.putFile(storageKey, uploadPath!);
      input = { storageKey };
    }

    let report: VerifyFileReport;
    try {
      // In one of the server's inspection slots, in arrival order; a client that leaves while waiting gives its turn up.
      report = await admission.work(() => inspectUploadedFile(context, input), request.signal);
    } catch (error) {
      if (request.signal.aborted) return problem(499, 'The check was abandoned: the client went away.');
      const failure = error instanceof WorkflowFailedError && error.cause instanceof ActivityFailure ? error.cause.cause : undefined;
      if (failure instanceof ApplicationFailure && failure.type === 'UnsupportedMedia') return problem(415, failure.message);
      if (failure instanceof ApplicationFailure && failure.type === 'MalformedMedia') return problem(400, failure.message);
      console.error('[verify] inspection failed:', error);
      return problem(500, 'Loupe could not check this file because of a problem on our side. Try again later.');
    }
    const summary = summarizeVerification(report);
    return Response.json({ ...report, verdict: summary.verdict, summary: summary.headline, details: summary.details });
  } finally {
    admission.release();
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  }
}
