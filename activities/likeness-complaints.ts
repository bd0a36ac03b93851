/**
 * Likeness complaint activities: record the complaint, find every video whose fingerprints match
 * the complained-about ones, open the review with reasons a legal reviewer can decide on, and carry
 * out the decision's database side (registry entry, complaint state, notification, audit).
 * Taking videos down is not here: the workflow calls the one takedown activity, `takeDownVideo`.
 *
 * Single writer: likeness_complaints rows are written here only. Every activity is idempotent: the
 * complaint row is keyed by its id, notifications by a dedupe key, and decisions only move an open
 * complaint (a retry finds it decided and does nothing twice).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { appendAudit } from '../db/queries/audit';
import {
  getLikenessComplaint, insertLikenessComplaint, markLikenessComplaintInReview, recordLikenessComplaintDecision, registryEntryNamed,
  storedFrameHashes, unfingerprintedVideosSince, videosByIds,
} from '../db/queries/likeness-complaints';
import { sendNotification } from '../db/queries/notifications';
import { PublicFigureRefused, upsertProtectedPerson } from '../db/queries/policy-registries';
import { RELATIONSHIP_LABELS, type LikenessFingerprintMatch, type LikenessMatchReport } from '../policies/likeness-complaints';
import type { LikenessComplaintActivities, LikenessMatchActivities } from '../contracts';
import type { ActivityDeps } from './deps';
import { fingerprintCatalogueFor } from './fingerprint/catalogue';
import { UnreadableMediaError } from './media/probe';
import { registerFingerprint } from './provenance/audit';

/** PostgreSQL's SQLSTATE for a unique violation (PostgreSQL manual, appendix A). */
const UNIQUE_VIOLATION = '23505';

/**
 * How many not-yet-fingerprinted videos made since the complained ones one lookup fingerprints first
 * (newest first). A short clip takes a fraction of a second; this bounds a lookup to about a minute
 * of one media worker while covering the copies a complaint is usually about (recent ones).
 */
export const CATCH_UP_FINGERPRINTS = 100;

/** How much of the written evidence the review item's reasons quote; the whole text is on the review screen. */
const EVIDENCE_QUOTE_CHARS = 240;

/** The pipeline-queue activities of a likeness complaint. */
export function likenessComplaintActivities({ db }: ActivityDeps): LikenessComplaintActivities {
  return {
    async recordLikenessComplaint(input) {
      const videos = await videosByIds(db, input.videoIds);
      const anchor = videos.find((video) => video.id === input.videoIds[0]);
      if (!anchor || videos.length !== new Set(input.videoIds).size) {
        throw ApplicationFailure.nonRetryable(`A video of likeness complaint ${input.complaintId} does not exist.`, 'NotFound');
      }
      return db.transaction().execute(async (trx) => {
        try {
          const inserted = await insertLikenessComplaint(trx, {
            id: input.complaintId, relationship: input.relationship, complainantName: input.complainantName,
            complainantEmail: input.complainantEmail, creatorId: input.creatorId, personName: input.personName,
            personAliases: input.personAliases, personLiving: input.personLiving, videoIds: input.videoIds,
            anchorRequestId: anchor.request_id, evidenceText: input.evidenceText, evidenceFiles: input.evidenceFiles,
            statusTokenHash: input.statusTokenHash,
          });
          if (inserted) {
            await appendAudit(trx, {
              actorStaffId: null,
              actorLabel: input.creatorId ? 'complainant (app API)' : 'complainant (public form)',
              action: 'likeness_complaint.file',
              subjectType: 'likeness_complaint',
              subjectId: input.complaintId,
              after: { relationship: input.relationship, person: input.personName, videos: input.videoIds, evidenceFiles: input.evidenceFiles.length },
            });
          }
        } catch (error) {
          // The app checks this first; two filings racing on one video end here.
          if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
            throw ApplicationFailure.nonRetryable('Another likeness complaint about this video is already open.', 'InvalidRequest');
          }
          throw error;
        }
        if (input.creatorId) {
          await sendNotification(trx, {
            recipientId: input.creatorId, kind: 'likeness_complaint_received', requestId: null,
            body: `We received your likeness complaint about ${input.personName}. Our legal team will review it and tell you the outcome.`,
            dedupeKey: `${input.complaintId}:received`,
          });
        }
        return { anchorRequestId: anchor.request_id };
      });
    },

    async startLikenessComplaintReview({ complaintId, report }) {
      const complaint = await getLikenessComplaint(db, complaintId);
      if (!complaint) throw ApplicationFailure.nonRetryable(`Unknown likeness complaint ${complaintId}.`, 'NotFound');
      await markLikenessComplaintInReview(db, complaintId, report);
      const entry = await registryEntryNamed(db, [complaint.person_name, ...complaint.person_aliases]);
      const quoted = complaint.evidence_text.length > EVIDENCE_QUOTE_CHARS
        ? `${complaint.evidence_text.slice(0, EVIDENCE_QUOTE_CHARS)}…`
        : complaint.evidence_text;
      const reasons = [
        `Likeness complaint by ${complaint.complainant_name} about ${complaint.person_name}${complaint.person_living ? '' : ' (deceased)'}: ${RELATIONSHIP_LABELS[complaint.relationship]}.`,
        `Evidence: “${quoted}” with ${complaint.evidence_files.length} file(s).`,
        entry
          ? `Registry: ${entry.name} is registered (${entry.living ? 'living' : 'deceased'}${entry.opted_in ? ', opted in with a cameo' : ''}); upholding updates the entry.`
          : `Registry: ${complaint.person_name} is not registered; upholding adds them, so prompts naming them are blocked.`,
        ...report.videos.map((video) => {
          const matches = report.matches.filter((match) => match.matchesVideoId === video.videoId);
          const found = matches.length === 0
            ? 'no fingerprint matches'
            : `${matches.length} fingerprint match(es): ${matches.map((m) => `${m.videoId} (${m.status}, ${Math.round(m.coverage * 100)}% of frames)`).join(', ')}`;
          return `Video ${video.videoId} (${video.status}${video.fingerprinted ? '' : ', no fingerprint'}): ${found}.`;
        }),
      ];
      return { reasons };
    },

    async upholdLikenessComplaint({ complaintId, reviewerId, reason, takenDown, faces }) {
      await db.transaction().execute(async (trx) => {
        const complaint = await getLikenessComplaint(trx, complaintId, { lock: true });
        if (!complaint) throw ApplicationFailure.nonRetryable(`Unknown likeness complaint ${complaintId}.`, 'NotFound');
        // A retry after the commit: everything below was done once.
        if (complaint.state === 'upheld') return;
        const reviewer = await trx.selectFrom('staff').select('email').where('id', '=', reviewerId).executeTakeFirstOrThrow();
        let registryEntryId: string | null = null;
        let registry: string;
        try {
          const upserted = await upsertProtectedPerson(
            trx,
            {
              name: complaint.person_name,
              aliases: complaint.person_aliases,
              living: complaint.person_living,
              // A deceased person's estate (or representative) objected: the estate opts the likeness out.
              ...(complaint.person_living ? {} : { estateOptedOut: true }),
              note: `Added or updated by upheld likeness complaint ${complaintId}.`,
            },
            { label: `complaint ${complaintId}` },
          );
          registryEntryId = upserted.id;
          registry = upserted.outcome;
        } catch (error) {
          // A registry refusal (e.g. an opted-in person recorded as dead) is for staff to settle in the
          // console; the takedown stands and the audit says why the entry was not written.
          if (!(error instanceof PublicFigureRefused)) throw error;
          registry = `not written: ${error.message}`;
        }
        await recordLikenessComplaintDecision(trx, complaintId, { state: 'upheld', reason, decidedBy: reviewerId, registryEntryId, takenDown, ...(faces ? { faces } : {}) });
        await appendAudit(trx, {
          actorStaffId: reviewerId, actorLabel: reviewer.email, action: 'likeness_complaint.uphold', subjectType: 'likeness_complaint', subjectId: complaintId,
          before: { state: complaint.state },
          // Face matches by video id and count only: never a face or an embedding.
          after: { state: 'upheld', reason, takenDown, registry, registryEntryId, ...(faces ? { faceReferences: faces.references, faceTakenDown: faces.takenDown } : {}) },
        });
        if (complaint.creator_id) {
          await sendNotification(trx, {
            recipientId: complaint.creator_id, kind: 'likeness_complaint_upheld', requestId: null,
            body: `Your likeness complaint about ${complaint.person_name} was upheld: ${takenDown.length + (faces?.takenDown.length ?? 0)} video(s) were taken down, and new prompts naming them are blocked.`,
            dedupeKey: `${complaintId}:upheld`,
          });
        }
      });
    },

    async rejectLikenessComplaint({ complaintId, reviewerId, reason }) {
      await db.transaction().execute(async (trx) => {
        const complaint = await getLikenessComplaint(trx, complaintId, { lock: true });
        if (!complaint) throw ApplicationFailure.nonRetryable(`Unknown likeness complaint ${complaintId}.`, 'NotFound');
        if (complaint.state === 'rejected') return;
        const reviewer = await trx.selectFrom('staff').select('email').where('id', '=', reviewerId).executeTakeFirstOrThrow();
        await recordLikenessComplaintDecision(trx, complaintId, { state: 'rejected', reason, decidedBy: reviewerId, registryEntryId: null, takenDown: [] });
        await appendAudit(trx, {
          actorStaffId: reviewerId, actorLabel: reviewer.email, action: 'likeness_complaint.reject', subjectType: 'likeness_complaint', subjectId: complaintId,
          before: { state: complaint.state }, after: { state: 'rejected', reason },
        });
        if (complaint.creator_id) {
          await sendNotification(trx, {
            recipientId: complaint.creator_id, kind: 'likeness_complaint_rejected', requestId: null,
            body: `Your likeness complaint about ${complaint.person_name} was not upheld: ${reason}`,
            dedupeKey: `${complaintId}:rejected`,
          });
        }
      });
    },
  };
}

/** The media-queue activity of a likeness complaint: fingerprints and catalogue lookups. */
export function likenessMatchActivities({ db, media }: ActivityDeps): LikenessMatchActivities {
  return {
    async findLikenessMatches({ videoIds }) {
      const videos = await videosByIds(db, videoIds);
      const report: LikenessMatchReport = { videos: [], matches: [] };
      const catalogue = fingerprintCatalogueFor(db);
      const complained = new Set(videoIds);
      const found = new Map<string, LikenessFingerprintMatch>();
      /** Fingerprints a stored video now if it has none (idempotent); false when its file is missing or undecodable. */
      const fingerprint = async (video: { id: string; storage_key: string }): Promise<boolean> => {
        if (!(await media.exists(video.storage_key))) return false;
        try {
          return (await registerFingerprint(db, video.id, await media.localPath(video.storage_key))) > 0;
        } catch (error) {
          if (!(error instanceof UnreadableMediaError)) throw error;
          return false;
        }
      };
      // Copies are made after the original: drafts (never audited) and videos published since the
      // last provenance audit are fingerprinted first, or the catalogue could not find them.
      const since = videos.reduce<Date | null>((earliest, video) => (earliest && earliest < video.created_at ? earliest : video.created_at), null);
      if (since) {
        for (const video of await unfingerprintedVideosSince(db, since, CATCH_UP_FINGERPRINTS)) await fingerprint(video);
      }
      for (const video of videos) {
        const fingerprinted = await fingerprint(video);
        report.videos.push({ videoId: video.id, status: video.status, fingerprinted });
        if (!fingerprinted) continue;
        await catalogue.catchUp();
        for (const candidate of catalogue.matchVideo(await storedFrameHashes(db, video.id))) {
          if (complained.has(candidate.videoId) || found.has(candidate.videoId)) continue;
          found.set(candidate.videoId, {
            videoId: candidate.videoId, matchesVideoId: video.id, coverage: candidate.coverage, distance: candidate.distance, status: 'draft',
          });
        }
      }
      // Status from the database: the catalogue never forgets a hash, so removed videos are reported as such.
      for (const row of await videosByIds(db, [...found.keys()])) {
        report.matches.push({ ...found.get(row.id)!, status: row.status });
      }
      return report;
    },
  };
}
