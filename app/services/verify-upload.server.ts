/**
 * POST /api/verify: anyone may ask what a video file (multipart field `file`) or a Loupe video id
 * (field or JSON `videoId`) says about its provenance. The upload is streamed to a temporary file
 * (never held in memory), capped in size, handed to the media workers through Temporal (they hold
 * the trust anchors and the fingerprint index), and removed afterwards whatever happens.
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
import type { Database } from '../../db/schema';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Per client address: this many checks per window, counted in PostgreSQL so every console process shares them. */
const RATE_LIMIT: RateLimit = { name: 'verify', points: 20, durationSeconds: 10 * 60 };
/** Checks decode video: a few at a time per server, the rest are told to come back. */
const MAX_CONCURRENT = 3;

let running = 0;

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
  const decision = await rateLimiterFor(context.db, RATE_LIMIT).consume(client);
  if (!decision.allowed) {
    const retryAfter = decision.retryAfterSeconds;
    return problem(429, `Too many checks from your address: try again in ${retryAfter} seconds.`, { 'Retry-After': String(retryAfter) });
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024) {
    return problem(413, `The file is too large: Loupe checks files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  }
  if (running >= MAX_CONCURRENT) return problem(503, 'Loupe is checking other files right now: try again in a minute.', { 'Retry-After': '30' });
  running++;
  const tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-verify-'));
  try {
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
          return problem(413, `The file is too large: Loupe checks files up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
        }
        if (error instanceof MalformedUploadError) {
          return problem(400, `${error.message} Send a multipart form with the video in the field "file".`);
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
        return problem(400, 'Send a video in the form field "file", or a Loupe video id in the field "videoId".');
      }
    } else if (contentType.startsWith('application/json')) {
      const body: unknown = await request.json().catch(() => undefined);
      const parsed = VideoIdInput.safeParse(body);
      if (!parsed.success) return problem(400, 'Send JSON like {"videoId": "<Loupe video id>"}, or upload a file as multipart form data.');
      videoId = parsed.data.videoId;
    } else {
      return problem(415, 'Send the video as multipart/form-data (field "file"), or JSON {"videoId": "..."}.');
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
      const storageKey = `uploads/${randomBytes(32).toString('hex')}.mp4`;
      await context.media.putFile(storageKey, uploadPath!);
      input = { storageKey };
    }

    let report: VerifyFileReport;
    try {
      report = await inspectUploadedFile(context, input);
    } catch (error) {
      const failure = error instanceof WorkflowFailedError && error.cause instanceof ActivityFailure ? error.cause.cause : undefined;
      if (failure instanceof ApplicationFailure && failure.type === 'UnsupportedMedia') return problem(415, failure.message);
      if (failure instanceof ApplicationFailure && failure.type === 'MalformedMedia') return problem(400, failure.message);
      console.error('[verify] inspection failed:', error);
      return problem(500, 'Loupe could not check this file because of a problem on our side. Try again later.');
    }
    const summary = summarizeVerification(report);
    return Response.json({ ...report, verdict: summary.verdict, summary: summary.headline, details: summary.details });
  } finally {
    running--;
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}
