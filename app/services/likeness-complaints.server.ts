/**
 * Likeness complaints, as the public form and the app API file them: the input is checked here
 * (zod for the shape, then the rules: the evidence is enough, every video exists and may be
 * complained about by this filer, no complaint is already open on it), the evidence files are put in
 * the media store (content-addressed, served to staff only), and a likenessComplaint workflow is
 * started, which records the complaint and takes it to the likeness queue. Nothing else is written here.
 *
 * The complainant gets a status token once; only its SHA-256 is kept, so the status page
 * (`getLikenessComplaintStatus`) opens for whoever holds the link and for nobody reading the database.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import { z } from 'zod';
import type { LikenessComplaintFiler, LikenessComplaintInput, LikenessEvidenceFile } from '../../contracts';
import type { MediaStore } from '../../db/media-store';
import {
  complaintStatusByTokenHash, evidenceFileBySha256, likenessEvidenceKey, openComplaintOnVideos, rolesOfQueue, videosByIds,
} from '../../db/queries/likeness-complaints';
import { hashBearerToken } from '../../db/queries/token-hash';
import type { Database, StaffRole } from '../../db/schema';
import {
  EVIDENCE_LIMITS, EVIDENCE_TYPES, evidenceProblem, LIKENESS_RELATIONSHIPS, sniffEvidenceType, type LikenessComplaintState,
} from '../../policies/likeness-complaints';
import { ServiceRefusal } from './refusal';
import { startLikenessComplaint, WorkflowRefusedUpdate, type WorkflowClientDeps } from './workflow-client.server';

/** Most videos one complaint may name: a complaint is about specific videos; the matching finds their copies. */
export const MAX_COMPLAINT_VIDEOS = 20;
const MAX_NAME_CHARS = 200;
/** Base64 of the largest accepted file: 4 characters for every 3 bytes. */
const MAX_BASE64_CHARS = Math.ceil(EVIDENCE_LIMITS.maxFileBytes / 3) * 4;
const MiB = 1024 * 1024;

/** An evidence file as a caller sends it: its name and its bytes, base64-encoded. */
export const evidenceFileInput = z.object({
  filename: z.string().trim().min(1, 'Each evidence file needs a file name.').max(255, 'An evidence file name may be at most 255 characters.'),
  contentBase64: z.string().max(MAX_BASE64_CHARS + 4, `Each evidence file may be at most ${EVIDENCE_LIMITS.maxFileBytes / MiB} MB.`),
});

/**
 * A likeness complaint as the app API and the public form send it. For a complaint about oneself
 * `personName` may be left out (it is the complainant's name).
 */
export const fileLikenessComplaintInput = z.object({
  relationship: z.enum(LIKENESS_RELATIONSHIPS, {
    error: 'Say who you complain for: yourself (self), the estate of a person who has died (estate), or someone you represent (authorised_representative).',
  }),
  complainantName: z.string({ error: 'Give your name.' }).trim().min(1, 'Give your name.').max(MAX_NAME_CHARS, `Your name may be at most ${MAX_NAME_CHARS} characters.`),
  complainantEmail: z.email({ error: 'Give an email address where we can reach you.' }).max(320, 'That email address is too long.'),
  personName: z.string().trim().max(MAX_NAME_CHARS, `The person's name may be at most ${MAX_NAME_CHARS} characters.`).optional(),
  personAliases: z.array(z.string().trim().min(1).max(MAX_NAME_CHARS)).max(20, 'Give at most 20 other names.').default([]),
  personLiving: z.boolean().default(true),
  videoIds: z
    .array(z.uuid('A video id is the UUID in the video\'s address, for example 3f2c…-…; check it and try again.'), { error: 'Name the video(s) you complain about.' })
    .min(1, 'Name at least one video you complain about.')
    .max(MAX_COMPLAINT_VIDEOS, `Name at most ${MAX_COMPLAINT_VIDEOS} videos in one complaint.`),
  evidenceText: z.string({ error: 'Describe your evidence.' }).max(EVIDENCE_LIMITS.maxTextChars, `Describe your evidence in at most ${EVIDENCE_LIMITS.maxTextChars} characters.`),
  evidenceFiles: z.array(evidenceFileInput).max(EVIDENCE_LIMITS.maxFiles, `Attach at most ${EVIDENCE_LIMITS.maxFiles} evidence files.`).default([]),
});
/** The input of fileLikenessComplaint before parsing. */
export type FileLikenessComplaintInput = z.input<typeof fileLikenessComplaintInput>;

/** What the complainant gets back: the complaint's id and the status token (shown once, never stored). */
export interface FiledLikenessComplaint {
  complaintId: string;
  statusToken: string;
  state: LikenessComplaintState;
}

type Deps = WorkflowClientDeps & { db: Kysely<Database>; media: MediaStore };

/** The first problem of a zod failure as the sentence for the person who filed. */
function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The complaint is not complete; check every field and try again.';
}

/**
 * An evidence image's size in pixels from its header (the review screen frames it before it loads);
 * nothing for a PDF or an image whose header sharp cannot read: it is evidence, not something Loupe renders.
 */
async function pixelSize(file: { bytes: Buffer; mimeType: string }): Promise<{ width?: number; height?: number }> {
  if (file.mimeType === 'application/pdf') return {};
  const metadata = await sharp(file.bytes).metadata().catch(() => null);
  return metadata?.width && metadata.height ? { width: metadata.width, height: metadata.height } : {};
}

/** Checks and stores each evidence file; refuses BAD_REQUEST with the file's name for one too large, empty or of another type. */
async function storeEvidence(media: MediaStore, files: { filename: string; contentBase64: string }[]): Promise<LikenessEvidenceFile[]> {
  const checked = files.map(({ filename, contentBase64 }) => {
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length === 0) throw new ServiceRefusal('BAD_REQUEST', `The evidence file ${filename} is empty; attach it again.`);
    if (bytes.length > EVIDENCE_LIMITS.maxFileBytes) {
      throw new ServiceRefusal('BAD_REQUEST', `The evidence file ${filename} is larger than ${EVIDENCE_LIMITS.maxFileBytes / MiB} MB; send a smaller scan or photo.`);
    }
    const mimeType = sniffEvidenceType(bytes);
    if (!mimeType) {
      const names = Object.values(EVIDENCE_TYPES).map((type) => type.name).join(', ');
      throw new ServiceRefusal('BAD_REQUEST', `The evidence file ${filename} is not one of ${names}; save it as one of these and attach it again.`);
    }
    return { filename, bytes, mimeType, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  if (checked.length === 0) return [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-evidence-'));
  try {
    const stored: LikenessEvidenceFile[] = [];
    for (const file of checked) {
      const key = likenessEvidenceKey(file.sha256, EVIDENCE_TYPES[file.mimeType].extension);
      const staging = path.join(dir, file.sha256);
      await fs.writeFile(staging, file.bytes);
      await media.putFile(key, staging);
      stored.push({
        storageKey: key, sha256: file.sha256, mimeType: file.mimeType, byteSize: file.bytes.length, filename: file.filename, ...(await pixelSize(file)),
      });
    }
    return stored;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Files a likeness complaint and starts its workflow. `filedBy` is the creator acting through the
 * app API, or `{ kind: 'public' }` for the public form (which may only name published videos).
 * Refuses with a sentence: BAD_REQUEST (input, evidence, a removed or unnamed video), NOT_FOUND (a
 * video that does not exist for this filer), CONFLICT (a complaint about the video is already open).
 */
export async function fileLikenessComplaint(deps: Deps, input: unknown, filedBy: LikenessComplaintFiler): Promise<FiledLikenessComplaint> {
  const parsed = fileLikenessComplaintInput.safeParse(input);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', firstProblem(parsed.error));
  const complaint = parsed.data;
  const personName = complaint.personName || (complaint.relationship === 'self' ? complaint.complainantName : '');
  if (!personName) throw new ServiceRefusal('BAD_REQUEST', 'Give the name of the person the video shows.');
  if (complaint.relationship === 'estate' && complaint.personLiving) {
    throw new ServiceRefusal('BAD_REQUEST', 'An estate complains for a person who has died: mark the person as deceased, or choose another relationship.');
  }
  if (complaint.relationship === 'self' && !complaint.personLiving) {
    throw new ServiceRefusal('BAD_REQUEST', 'A complaint about your own likeness is about a living person: choose estate or representative to complain for someone who has died.');
  }
  const problem = evidenceProblem(complaint.relationship, complaint.evidenceText, complaint.evidenceFiles.length);
  if (problem) throw new ServiceRefusal('BAD_REQUEST', problem);

  const videoIds = [...new Set(complaint.videoIds)];
  const videos = new Map((await videosByIds(deps.db, videoIds)).map((video) => [video.id, video]));
  for (const videoId of videoIds) {
    const video = videos.get(videoId);
    // The public sees published videos only: a draft's existence is not told to a stranger.
    if (!video || (filedBy.kind === 'public' && video.status === 'draft')) {
      throw new ServiceRefusal('NOT_FOUND', `There is no ${filedBy.kind === 'public' ? 'published ' : ''}video with the id ${videoId}; copy the id from the video's address and try again.`);
    }
    if (video.status === 'removed') throw new ServiceRefusal('BAD_REQUEST', `The video ${videoId} has already been taken down; leave it out of the complaint.`);
  }
  const open = await openComplaintOnVideos(deps.db, [videoIds[0]!]);
  if (open) {
    throw new ServiceRefusal('CONFLICT', `A likeness complaint about the video ${open.video_id} is already being reviewed; you can file yours once it is decided, or name your other videos first.`);
  }

  const evidenceFiles = await storeEvidence(deps.media, complaint.evidenceFiles);
  const statusToken = randomBytes(32).toString('base64url');
  const workflowInput: LikenessComplaintInput = {
    complaintId: randomUUID(),
    relationship: complaint.relationship,
    complainantName: complaint.complainantName,
    complainantEmail: complaint.complainantEmail,
    creatorId: filedBy.kind === 'creator' ? filedBy.creatorId : null,
    personName,
    personAliases: complaint.personAliases,
    personLiving: complaint.personLiving,
    videoIds,
    evidenceText: complaint.evidenceText.trim(),
    evidenceFiles,
    statusTokenHash: hashBearerToken(statusToken),
  };
  try {
    await startLikenessComplaint(deps, workflowInput);
  } catch (error) {
    // Recording refused it: a complaint about the same video opened a moment before this one.
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
  return { complaintId: workflowInput.complaintId, statusToken, state: 'received' };
}

/** What the public status page shows of a complaint. */
export interface LikenessComplaintStatus {
  complaintId: string;
  state: LikenessComplaintState;
  personName: string;
  videoIds: string[];
  /** The reviewer's reason once decided. */
  decisionReason: string | null;
  /** How many videos were taken down (upheld complaints). */
  takenDown: number;
  /** Issue 12: how many more videos were taken down because they showed the same face (upheld complaints). */
  faceTakenDown: number;
  filedAt: Date;
  decidedAt: Date | null;
}

/**
 * The status of the complaint whose link carries `token`. Refuses NOT_FOUND for a token that opens
 * nothing (mistyped or cut short).
 */
export async function getLikenessComplaintStatus(db: Kysely<Database>, token: string): Promise<LikenessComplaintStatus> {
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await complaintStatusByTokenHash(db, hashBearerToken(token)) : undefined;
  if (!row) {
    throw new ServiceRefusal('NOT_FOUND', 'No complaint opens with this link. Check that you copied all of it from the page you saw after filing.');
  }
  return {
    complaintId: row.id, state: row.state, personName: row.person_name, videoIds: row.video_ids, decisionReason: row.decision_reason,
    takenDown: row.taken_down.length, faceTakenDown: row.face_taken_down.length, filedAt: row.created_at, decidedAt: row.decided_at,
  };
}

/** The queue whose reviewers may open complaint evidence (migration 004: legal, senior reviewers, admins). */
const LIKENESS_QUEUE = 'likeness_review';

/**
 * An evidence file for a staff member who works the likeness queue, or null (no such file, or the
 * role may not see complainants' documents: the route answers 404 either way, telling nothing).
 * `file` is `<sha256>.<extension>` as the review screen links it.
 */
export async function evidenceFileForStaff(db: Kysely<Database>, staff: { role: StaffRole } | null, file: string): Promise<LikenessEvidenceFile | null> {
  const match = /^([a-f0-9]{64})\.([a-z]+)$/.exec(file);
  if (!staff || !match) return null;
  if (!(await rolesOfQueue(db, LIKENESS_QUEUE)).includes(staff.role)) return null;
  const evidence = await evidenceFileBySha256(db, match[1]!);
  if (!evidence || EVIDENCE_TYPES[evidence.mimeType].extension !== match[2]) return null;
  return evidence;
}
