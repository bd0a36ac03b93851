/**
 * Verified cameos (issue 12), for the cameo's owner: ask for a challenge, send the face capture that
 * answers it, read the enrolment's progress and outcome. The analysis itself is the faceEnrolment
 * workflow's (started here through the workflow client); this service only checks the caller's
 * input, stores the capture file (media store, served by no route) and opens the enrolment's row.
 *
 * Nothing here reads or returns an embedding: the answers are states, percentages and sentences.
 * Each function takes the acting creator's id first (after the app's deps) and its zod input,
 * exported beside it as `<fn>Input`; someone else's cameo is refused as not found.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { abandonUnstartedEnrolment, getFaceEnrolment, insertEnrolmentChallenge, openFaceEnrolment } from '../../db/queries/face-enrolments';
import { captureKey, type MediaStore } from '../../db/media-store';
import type { Database } from '../../db/schema';
import {
  CAPTURE_MAX_BYTES, CAPTURE_NOT_A_VIDEO, CAPTURE_TOO_LARGE, challengeInstruction, ENROLMENT_CHALLENGE_KINDS, ENROLMENT_CHALLENGE_TTL_SECONDS,
  ENROLMENT_FAILURE_CODES, sniffCaptureType,
} from '../../policies/faces';
import { ServiceRefusal } from './refusal';
import { startFaceEnrolment, type WorkflowClientDeps } from './workflow-client.server';

/** What these services need: the database, the media store, and the Temporal client. */
export type FaceEnrolmentServiceDeps = WorkflowClientDeps & { db: Kysely<Database>; media: MediaStore };

const cameoId = z.uuid({ message: 'cameoId must be a cameo id (UUID)' });
/** Base64 of the largest capture accepted: 4 characters for every 3 bytes (and padding). */
const MAX_CAPTURE_BASE64_CHARS = Math.ceil(CAPTURE_MAX_BYTES / 3) * 4;

/** The creator's own live person cameo, or a refusal saying why it cannot be verified. */
async function ownPersonCameo(db: Kysely<Database>, creatorId: string, id: string) {
  const cameo = await db.selectFrom('cameos').select(['owner_id', 'kind', 'deleted_at', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!cameo || cameo.owner_id !== creatorId) throw new ServiceRefusal('NOT_FOUND', 'You have no cameo with that id.');
  if (cameo.deleted_at !== null || cameo.revoked_at !== null) throw new ServiceRefusal('BAD_REQUEST', 'This cameo was deleted; it can no longer be verified.');
  if (cameo.kind !== 'person') {
    throw new ServiceRefusal('BAD_REQUEST', 'Only a cameo of a person is verified with a face capture; a character cameo needs no verification.');
  }
}

export const issueEnrolmentChallengeInput = z.object({ cameoId });

/** A challenge as the app shows it before recording. */
export interface EnrolmentChallengeView {
  challengeId: string;
  kind: (typeof ENROLMENT_CHALLENGE_KINDS)[number];
  /** The sentence to show the creator: what to do in the capture. */
  instruction: string;
  /** ISO 8601: send the capture before this. */
  expiresAt: string;
}

/**
 * Issues a challenge for verifying the creator's person cameo: which way to turn the head first,
 * picked at random so a recording made for one challenge fails half the others. Valid for
 * ENROLMENT_CHALLENGE_TTL_SECONDS, answered once. Refuses NOT_FOUND, BAD_REQUEST (deleted, a character).
 */
export async function issueEnrolmentChallenge(
  deps: Pick<FaceEnrolmentServiceDeps, 'db'>, creatorId: string, rawInput: z.input<typeof issueEnrolmentChallengeInput>,
): Promise<EnrolmentChallengeView> {
  const input = issueEnrolmentChallengeInput.parse(rawInput);
  await ownPersonCameo(deps.db, creatorId, input.cameoId);
  const kind = ENROLMENT_CHALLENGE_KINDS[randomInt(ENROLMENT_CHALLENGE_KINDS.length)]!;
  const id = randomUUID();
  const { issuedAt } = await insertEnrolmentChallenge(deps.db, {
    id, cameoId: input.cameoId, creatorId, kind, expiresAt: new Date(Date.now() + ENROLMENT_CHALLENGE_TTL_SECONDS * 1000),
  });
  // The database's clock issued it; the expiry the caller sees is counted from the same instant.
  const expiresAt = new Date(issuedAt.getTime() + ENROLMENT_CHALLENGE_TTL_SECONDS * 1000);
  return { challengeId: id, kind, instruction: challengeInstruction(kind), expiresAt: expiresAt.toISOString() };
}

export const submitEnrolmentCaptureInput = z.object({
  cameoId,
  challengeId: z.uuid({ message: 'challengeId must be the id of a challenge from POST /cameos/{cameoId}/enrolment-challenges' }),
  capture: z
    .string({ error: 'capture must be the video, base64-encoded' })
    .min(16, 'capture must be the video, base64-encoded')
    .max(MAX_CAPTURE_BASE64_CHARS + 4, CAPTURE_TOO_LARGE)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'capture must be the video, base64-encoded (standard alphabet, no line breaks)'),
});

/**
 * Stores the capture that answers a challenge and starts its analysis; answers the enrolment's id
 * (read its progress with getEnrolment). When the analysis cannot be started (Temporal unreachable),
 * the capture is deleted, the enrolment closed as `analysis_failed`, and the error passed on (a 500:
 * Loupe's failure, not the caller's). Refuses BAD_REQUEST (not a video, too large, the challenge
 * expired, the cameo cannot be verified), NOT_FOUND (no such cameo or challenge for this cameo),
 * CONFLICT (the challenge was answered already).
 */
export async function submitEnrolmentCapture(
  deps: FaceEnrolmentServiceDeps, creatorId: string, rawInput: z.input<typeof submitEnrolmentCaptureInput>,
): Promise<{ enrolmentId: string }> {
  const input = submitEnrolmentCaptureInput.parse(rawInput);
  await ownPersonCameo(deps.db, creatorId, input.cameoId);
  const bytes = Buffer.from(input.capture, 'base64');
  if (bytes.length > CAPTURE_MAX_BYTES) throw new ServiceRefusal('BAD_REQUEST', CAPTURE_TOO_LARGE);
  const type = sniffCaptureType(bytes);
  if (!type) throw new ServiceRefusal('BAD_REQUEST', CAPTURE_NOT_A_VIDEO);

  const enrolmentId = randomUUID();
  // Keyed by the enrolment and the bytes: no two enrolments share a file, so deleting one's capture never touches another's.
  const key = captureKey(createHash('sha256').update(enrolmentId).update(createHash('sha256').update(bytes).digest()).digest('hex'), type);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-capture-'));
  try {
    const staging = path.join(dir, `capture.${type}`);
    await fs.writeFile(staging, bytes, { mode: 0o600 });
    await deps.media.putFile(key, staging);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }

  const opened = await openFaceEnrolment(deps.db, { id: enrolmentId, cameoId: input.cameoId, creatorId, challengeId: input.challengeId, captureStorageKey: key });
  if (!opened.ok) {
    await deps.media.remove(key);
    switch (opened.problem) {
      case 'unknown':
        throw new ServiceRefusal('NOT_FOUND', 'There is no such challenge for this cameo: ask for a challenge (POST /cameos/{cameoId}/enrolment-challenges) and record the capture it asks for.');
      case 'used':
        throw new ServiceRefusal('CONFLICT', 'This challenge was answered already: ask for a new challenge and record a new capture.');
      case 'expired':
        throw new ServiceRefusal('BAD_REQUEST', `This challenge expired (each is valid for ${ENROLMENT_CHALLENGE_TTL_SECONDS / 60} minutes): ask for a new challenge and record a new capture.`);
    }
  }
  try {
    await startFaceEnrolment(deps, enrolmentId);
  } catch (error) {
    // No workflow owns this enrolment, so nothing would ever analyse or delete the capture: the
    // biometric file goes now and the enrolment is closed with a sentence, before the error is passed on.
    await deps.media.remove(key);
    await abandonUnstartedEnrolment(deps.db, enrolmentId);
    throw error;
  }
  return { enrolmentId };
}

export const getEnrolmentInput = z.object({ cameoId, enrolmentId: z.uuid({ message: 'enrolmentId must be an enrolment id (UUID)' }) });

/** An enrolment as its creator sees it. */
export interface EnrolmentView {
  enrolmentId: string;
  cameoId: string;
  state: 'pending' | 'analysing' | 'verified' | 'failed';
  /** 0..100. */
  progress: number;
  framesAnalysed: number;
  /** Why it failed, with the sentence saying what to do; null unless failed. */
  failure: { code: (typeof ENROLMENT_FAILURE_CODES)[number]; message: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

/** One of the creator's enrolments. Refuses NOT_FOUND (not theirs, not of that cameo, or none). */
export async function getEnrolment(deps: Pick<FaceEnrolmentServiceDeps, 'db'>, creatorId: string, rawInput: z.input<typeof getEnrolmentInput>): Promise<EnrolmentView> {
  const input = getEnrolmentInput.parse(rawInput);
  const row = await getFaceEnrolment(deps.db, input.enrolmentId);
  if (!row || row.creator_id !== creatorId || row.cameo_id !== input.cameoId) throw new ServiceRefusal('NOT_FOUND', 'You have no enrolment with that id for this cameo.');
  const code = ENROLMENT_FAILURE_CODES.find((known) => known === row.failure_code);
  return {
    enrolmentId: row.id,
    cameoId: row.cameo_id,
    state: row.state,
    progress: row.progress,
    framesAnalysed: row.frames_analysed,
    failure: row.state === 'failed' && code ? { code, message: row.failure_message ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
