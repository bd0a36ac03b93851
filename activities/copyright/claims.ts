/**
 * Copyright claim activities (issue 13): record a claim with the duplicates and conflicts it has,
 * open its review with reasons legal can decide on, and carry out the decision's database side:
 * approval upserts each approved entity live in the works registry with the holder's rule (so the
 * next screening compiles a new policy version), rejection closes the claim with the reason. The
 * bank and the rescan are other parts' activities and workflows, called by the workflow.
 *
 * Single writer: copyright_claims rows (and a claim's review item) are written here only. Every
 * activity is idempotent: the claim row is keyed by its id, notifications by a dedupe key, and
 * decisions only move a claim that is not decided yet (a retry finds it decided and does nothing twice).
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { sql, type Kysely } from 'kysely';
import type { ApprovedClaimEntity, CopyrightClaimActivities, OpenedReviewItem, ReviewItemKind } from '../../contracts';
import { appendAudit } from '../../db/queries/audit';
import {
  conflictCandidates, getCopyrightClaim, insertCopyrightClaim, markCopyrightClaimInReview, recordClaimEntityDecision, recordCopyrightClaimDecision,
  recordCopyrightClaimOutcome,
} from '../../db/queries/copyright-claims';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { sendNotification } from '../../db/queries/notifications';
import type { Database } from '../../db/schema';
import { approvedRules, detectClaimConflicts, type ClaimMimeType } from '../../policies/copyright/claims';
import type { ActivityDeps } from '../deps';

/** How much of the claimant's statement the review item's reasons quote; the whole text is on the claim's page. */
const STATEMENT_QUOTE_CHARS = 240;

/** The words a reviewer reads for a rule. */
const RULE_WORDS = { allow: 'allow', review: 'review every use', block: 'block' } as const;

/**
 * Opens the review item of a copyright claim (no request: migration 020's copyright_claim_id), one
 * per claim: a retry finds the row its first attempt wrote. Called by the shared openReviewItem
 * activity (activities/review.ts) so the review gate opens every kind of item the same way.
 */
export async function openCopyrightClaimItem(
  db: Kysely<Database>,
  input: { copyrightClaimId: string; kind: ReviewItemKind; reasons: string[]; queueId: string; itemId?: string },
): Promise<OpenedReviewItem> {
  return db.transaction().execute(async (trx) => {
    const queue = await trx.selectFrom('review_queues').selectAll().where('id', '=', input.queueId).executeTakeFirstOrThrow();
    await trx
      .insertInto('review_items')
      .values({
        id: input.itemId ?? randomUUID(),
        request_id: null,
        copyright_claim_id: input.copyrightClaimId,
        kind: input.kind,
        queue_id: input.queueId,
        state: 'open',
        flag_reasons: JSON.stringify(input.reasons),
        due_at: sql<Date>`now() + make_interval(secs => ${queue.sla_seconds})`,
      })
      .onConflict((oc) => oc.column('copyright_claim_id').where('copyright_claim_id', 'is not', null).doNothing())
      .execute();
    const item = await trx
      .selectFrom('review_items')
      .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
      .select(['review_items.id', 'review_items.version', 'review_queues.sla_seconds', 'review_queues.escalation_queue_id'])
      .where('review_items.copyright_claim_id', '=', input.copyrightClaimId)
      .executeTakeFirstOrThrow();
    return { itemId: item.id, version: item.version, slaSeconds: item.sla_seconds, escalationQueueId: item.escalation_queue_id };
  });
}

/** The pipeline-queue activities of a copyright claim. */
export function copyrightClaimActivities({ db }: ActivityDeps): CopyrightClaimActivities {
  return {
    async recordCopyrightClaim(input) {
      const names = input.entities.flatMap((entity) => [entity.name, ...entity.aliases.map((alias) => alias.name)]);
      return db.transaction().execute(async (trx) => {
        const existing = await getCopyrightClaim(trx, input.claimId);
        // A retry after the commit: the conflicts found the first time stand.
        if (existing) return { conflicts: existing.conflict_report };
        const candidates = await conflictCandidates(trx, input.claimId, names);
        const conflicts = detectClaimConflicts(
          {
            contactEmail: input.contactEmail, claimantName: input.claimantName, claimantOrganisation: input.claimantOrganisation,
            entities: input.entities.map((entity, position) => ({ position, name: entity.name, aliases: entity.aliases })),
          },
          candidates.registry,
          candidates.otherClaims,
        );
        await insertCopyrightClaim(trx, input, conflicts);
        await appendAudit(trx, {
          actorStaffId: null,
          actorLabel: input.creatorId ? 'claimant (app API)' : 'claimant (public form)',
          action: 'copyright_claim.file',
          subjectType: 'copyright_claim',
          subjectId: input.claimId,
          after: {
            claimant: input.claimantOrganisation ?? input.claimantName,
            entities: input.entities.map((entity) => `${entity.name} (${entity.requestedRule})`),
            files: input.files.length,
            conflicts: conflicts.map((conflict) => conflict.kind),
          },
        });
        if (input.creatorId) {
          await sendNotification(trx, {
            recipientId: input.creatorId, kind: 'copyright_claim_received', requestId: null,
            body: `We received your copyright claim over ${input.entities.map((entity) => entity.name).join(', ')}. Our legal team will review it and tell you the outcome.`,
            dedupeKey: `${input.claimId}:received`,
          });
        }
        return { conflicts };
      });
    },

    async startCopyrightClaimReview({ claimId }) {
      const claim = await getCopyrightClaim(db, claimId);
      if (!claim) throw ApplicationFailure.nonRetryable(`Unknown copyright claim ${claimId}.`, 'NotFound');
      await markCopyrightClaimInReview(db, claimId);
      const quoted = claim.statement.length > STATEMENT_QUOTE_CHARS ? `${claim.statement.slice(0, STATEMENT_QUOTE_CHARS)}…` : claim.statement;
      const proofs = claim.files.filter((file) => file.role === 'proof').length;
      const references = claim.files.length - proofs;
      const reasons = [
        // Conflicts first: they are what a reviewer must not miss.
        ...claim.conflict_report.map((conflict) => `${conflict.kind === 'duplicate' ? 'Duplicate' : 'Conflict'}: ${conflict.sentence}`),
        `Copyright claim by ${claim.claimant_name}${claim.claimant_organisation ? ` for ${claim.claimant_organisation}` : ''} (${claim.contact_email}).`,
        ...claim.entities.map((entity) => {
          const aliases = entity.aliases.length > 0 ? `; also ${entity.aliases.map((alias) => `${alias.name} [${alias.lang}]`).join(', ')}` : '';
          const conditions = entity.conditions ? `; conditions: ${entity.conditions}` : '';
          return `Entity ${entity.position + 1}: ${entity.name} (${entity.kind}) in ${entity.territories.join(', ')}: asks to ${RULE_WORDS[entity.requested_rule]}${conditions}${aliases}.`;
        }),
        `Statement: “${quoted}”. Proof of rights: ${proofs} document(s); reference media: ${references} file(s).`,
      ];
      return { reasons };
    },

    async approveCopyrightClaim({ claimId, reviewerId, reason, decisions }) {
      return db.transaction().execute(async (trx) => {
        const claim = await getCopyrightClaim(trx, claimId, { lock: true });
        if (!claim) throw ApplicationFailure.nonRetryable(`Unknown copyright claim ${claimId}.`, 'NotFound');
        const referencesOf = (position: number) => claim.files
          .filter((file) => file.role !== 'proof' && (file.entity_position === position || (file.entity_position === null && claim.entities.length === 1)))
          .map((file) => ({ storageKey: file.storage_key, mimeType: file.mime_type as ClaimMimeType }));
        // A retry after the commit: answer what was approved.
        if (claim.state === 'approved') {
          return {
            entities: claim.entities.filter((entity) => entity.entity_id && entity.approved_rule).map((entity) => ({
              position: entity.position, entityId: entity.entity_id!, name: entity.name, rule: entity.approved_rule!, referenceFiles: referencesOf(entity.position),
            })),
          };
        }
        if (claim.state !== 'received' && claim.state !== 'in_review') {
          throw ApplicationFailure.nonRetryable(`Copyright claim ${claimId} is already ${claim.state}.`, 'InvalidRequest');
        }
        let rules: Map<number, 'allow' | 'review' | 'block' | null>;
        try {
          rules = approvedRules(claim.entities.map((entity) => ({ position: entity.position, requestedRule: entity.requested_rule })), decisions);
        } catch (error) {
          throw ApplicationFailure.nonRetryable((error as Error).message, 'InvalidRequest');
        }
        const reviewer = await trx.selectFrom('staff').select('email').where('id', '=', reviewerId).executeTakeFirstOrThrow();
        const holder = claim.claimant_organisation ?? claim.claimant_name;
        const approved: ApprovedClaimEntity[] = [];
        for (const entity of claim.entities) {
          const rule = rules.get(entity.position) ?? null;
          if (rule === null) {
            await recordClaimEntityDecision(trx, claimId, entity.position, null);
            continue;
          }
          const entityId = await upsertCopyrightEntity(trx, {
            name: entity.name,
            kind: entity.kind,
            aliases: entity.aliases,
            owner: holder,
            territories: entity.territories,
            rule,
            conditions: entity.conditions,
            publicDomain: false,
            source: `copyright claim ${claimId}`,
            licence: 'rights holder claim',
            sourceDate: new Date().toISOString().slice(0, 10),
            demo: false,
            enforcement: 'live',
            claimId,
          });
          await recordClaimEntityDecision(trx, claimId, entity.position, { rule, entityId });
          approved.push({ position: entity.position, entityId, name: entity.name, rule, referenceFiles: referencesOf(entity.position) });
        }
        await recordCopyrightClaimDecision(trx, claimId, { state: 'approved', reason, decidedBy: reviewerId });
        await appendAudit(trx, {
          actorStaffId: reviewerId, actorLabel: reviewer.email, action: 'copyright_claim.approve', subjectType: 'copyright_claim', subjectId: claimId,
          before: { state: claim.state },
          after: {
            state: 'approved', reason,
            entities: approved.map((entity) => ({ name: entity.name, rule: entity.rule, entityId: entity.entityId })),
            leftOut: claim.entities.filter((entity) => rules.get(entity.position) === null).map((entity) => entity.name),
          },
        });
        if (claim.creator_id) {
          await sendNotification(trx, {
            recipientId: claim.creator_id, kind: 'copyright_claim_approved', requestId: null,
            body: `Your copyright claim was approved: ${approved.map((entity) => `${entity.name} (${entity.rule})`).join(', ')} now apply to new videos.`,
            dedupeKey: `${claimId}:approved`,
          });
        }
        return { entities: approved };
      });
    },

    async recordCopyrightClaimOutcome({ claimId, outcome }) {
      await recordCopyrightClaimOutcome(db, claimId, outcome);
    },

    async rejectCopyrightClaim({ claimId, reviewerId, reason }) {
      await db.transaction().execute(async (trx) => {
        const claim = await getCopyrightClaim(trx, claimId, { lock: true });
        if (!claim) throw ApplicationFailure.nonRetryable(`Unknown copyright claim ${claimId}.`, 'NotFound');
        if (claim.state === 'rejected') return;
        const reviewer = await trx.selectFrom('staff').select('email').where('id', '=', reviewerId).executeTakeFirstOrThrow();
        await recordCopyrightClaimDecision(trx, claimId, { state: 'rejected', reason, decidedBy: reviewerId });
        await appendAudit(trx, {
          actorStaffId: reviewerId, actorLabel: reviewer.email, action: 'copyright_claim.reject', subjectType: 'copyright_claim', subjectId: claimId,
          before: { state: claim.state }, after: { state: 'rejected', reason },
        });
        if (claim.creator_id) {
          await sendNotification(trx, {
            recipientId: claim.creator_id, kind: 'copyright_claim_rejected', requestId: null,
            body: `Your copyright claim over ${claim.entities.map((entity) => entity.name).join(', ')} was not approved: ${reason}`,
            dedupeKey: `${claimId}:rejected`,
          });
        }
      });
    },
  };
}
