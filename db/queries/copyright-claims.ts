/**
 * Copyright claims (migration 020). Rows are written only by the copyrightClaim workflow's
 * activities (single writer); the app reads them here for the status page, the API, the console and
 * to serve claim files to staff.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  normaliseEntityName, type ClaimConflict, type CopyrightClaimFile, type CopyrightClaimFiling, type CopyrightClaimOutcomeRecord, type CopyrightClaimState, type OtherClaimEntity, type RegistryEntityNames,
} from '../../policies/copyright/claims';
import type { Database } from '../schema';
import { decodeCursor, encodeCursor, InvalidCursor } from './keyset-cursor';
import { storableUuid } from './storable';

type Db = Kysely<Database> | Transaction<Database>;

/** Where a claim file lives in the media store: content-addressed like every other medium (db/media-store.ts: a lower-case folder, no hyphen). */
export function copyrightClaimFileKey(sha256: string, extension: string): string {
  return `claims/${sha256}.${extension}`;
}

/**
 * Inserts the claim, its entities and files; false when a claim with this id exists (a retried
 * activity). Throws the database's error otherwise.
 */
export async function insertCopyrightClaim(db: Db, claim: CopyrightClaimFiling & { claimId: string }, conflicts: ClaimConflict[]): Promise<boolean> {
  const inserted = await db
    .insertInto('copyright_claims')
    .values({
      id: claim.claimId,
      claimant_name: claim.claimantName,
      claimant_organisation: claim.claimantOrganisation,
      contact_email: claim.contactEmail,
      creator_id: claim.creatorId,
      statement: claim.statement,
      conflict_report: JSON.stringify(conflicts),
      status_token_hash: claim.statusTokenHash,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await db
    .insertInto('copyright_claim_entities')
    .values(claim.entities.map((entity, position) => ({
      claim_id: claim.claimId,
      position,
      name: entity.name,
      normalised_name: normaliseEntityName(entity.name),
      kind: entity.kind,
      aliases: JSON.stringify(entity.aliases),
      territories: JSON.stringify(entity.territories),
      requested_rule: entity.requestedRule,
      conditions: entity.conditions,
    })))
    .execute();
  if (claim.files.length > 0) {
    await db
      .insertInto('copyright_claim_files')
      .values(claim.files.map((file, position) => ({
        claim_id: claim.claimId, position, role: file.role, entity_position: file.entityPosition, storage_key: file.storageKey,
        sha256: file.sha256, mime_type: file.mimeType, byte_size: file.byteSize, filename: file.filename,
      })))
      .execute();
  }
  return true;
}

/**
 * What conflict detection compares a claim with: registry entities whose name or an alias normalises
 * to one of `names` (with the contact of the claim that made them live), and entities of other open
 * or approved claims with those normalised names. The registry is read whole and filtered here,
 * because diacritics and punctuation are folded in TypeScript (normaliseEntityName); it holds
 * thousands of names, one read per filed claim.
 */
export async function conflictCandidates(db: Db, claimId: string, names: readonly string[]): Promise<{ registry: RegistryEntityNames[]; otherClaims: OtherClaimEntity[] }> {
  const wanted = new Set(names.map(normaliseEntityName).filter((name) => name !== ''));
  if (wanted.size === 0) return { registry: [], otherClaims: [] };
  const entities = await db
    .selectFrom('copyright_entities')
    .leftJoin('copyright_claims', 'copyright_claims.id', 'copyright_entities.claim_id')
    .select([
      'copyright_entities.id', 'copyright_entities.name', 'copyright_entities.aliases', 'copyright_entities.owner', 'copyright_entities.public_domain',
      'copyright_entities.claim_id', 'copyright_claims.contact_email',
    ])
    .execute();
  const registry = entities
    .filter((entity) => [entity.name, ...entity.aliases.map((alias) => alias.name)].some((name) => wanted.has(normaliseEntityName(name))))
    .map((entity) => ({
      id: entity.id, name: entity.name, aliases: entity.aliases, owner: entity.owner, publicDomain: entity.public_domain,
      claimId: entity.claim_id, claimContact: entity.contact_email,
    }));
  const others = await db
    .selectFrom('copyright_claim_entities as e')
    .innerJoin('copyright_claims as c', 'c.id', 'e.claim_id')
    .select(['c.id', 'c.state', 'c.claimant_name', 'c.contact_email', 'e.name'])
    .where('e.normalised_name', 'in', [...wanted])
    .where('c.id', '!=', claimId)
    .where('c.state', 'in', ['received', 'in_review', 'approved'])
    .execute();
  return {
    registry,
    otherClaims: others.map((row) => ({ claimId: row.id, claimState: row.state, claimantName: row.claimant_name, contactEmail: row.contact_email, name: row.name })),
  };
}

/** One claim with its entities and files, or undefined. `lock` takes the claim's row for update. */
export async function getCopyrightClaim(db: Db, claimId: string, options: { lock?: boolean } = {}) {
  let query = db.selectFrom('copyright_claims').selectAll().where('id', '=', claimId);
  if (options.lock) query = query.forUpdate();
  const claim = await query.executeTakeFirst();
  if (!claim) return undefined;
  const [entities, files] = await Promise.all([
    db.selectFrom('copyright_claim_entities').selectAll().where('claim_id', '=', claimId).orderBy('position').execute(),
    db.selectFrom('copyright_claim_files').selectAll().where('claim_id', '=', claimId).orderBy('position').execute(),
  ]);
  return { ...claim, entities, files: files.map((file) => ({ ...file, byte_size: Number(file.byte_size) })) };
}
/** A claim as getCopyrightClaim reads it. */
export type CopyrightClaimRow = NonNullable<Awaited<ReturnType<typeof getCopyrightClaim>>>;

/** Moves a received claim to in_review (idempotent). */
export async function markCopyrightClaimInReview(db: Db, claimId: string): Promise<void> {
  await db.updateTable('copyright_claims').set({ state: 'in_review', updated_at: new Date() }).where('id', '=', claimId).where('state', '=', 'received').execute();
}

/** Closes a claim with the reviewer's decision. */
export async function recordCopyrightClaimDecision(
  db: Db, claimId: string, decision: { state: 'approved' | 'rejected'; reason: string; decidedBy: string },
): Promise<void> {
  await db
    .updateTable('copyright_claims')
    .set({ state: decision.state, decision_reason: decision.reason, decided_by: decision.decidedBy, decided_at: new Date(), updated_at: new Date() })
    .where('id', '=', claimId)
    .execute();
}

/** Stores an approved entity's rule and registry id, or marks it left out. */
export async function recordClaimEntityDecision(db: Db, claimId: string, position: number, decision: { rule: 'allow' | 'review' | 'block'; entityId: string } | null): Promise<void> {
  await db
    .updateTable('copyright_claim_entities')
    .set(decision ? { approved_rule: decision.rule, entity_id: decision.entityId, left_out: false } : { approved_rule: null, entity_id: null, left_out: true })
    .where('claim_id', '=', claimId)
    .where('position', '=', position)
    .execute();
}

/** Stores what approval went on to do. */
export async function recordCopyrightClaimOutcome(db: Db, claimId: string, outcome: CopyrightClaimOutcomeRecord): Promise<void> {
  await db.updateTable('copyright_claims').set({ outcome: JSON.stringify(outcome), updated_at: new Date() }).where('id', '=', claimId).execute();
}

/** The claim whose status token hashes to `tokenHash`, with its entities, or undefined. */
export async function copyrightClaimByTokenHash(db: Db, tokenHash: string) {
  const row = await db.selectFrom('copyright_claims').select('id').where('status_token_hash', '=', tokenHash).executeTakeFirst();
  return row ? getCopyrightClaim(db, row.id) : undefined;
}

/** A creator's own claim, or undefined (another creator's claim is as unknown as a missing one). */
export async function copyrightClaimOfCreator(db: Db, claimId: string, creatorId: string) {
  const row = await db.selectFrom('copyright_claims').select('id').where('id', '=', claimId).where('creator_id', '=', creatorId).executeTakeFirst();
  return row ? getCopyrightClaim(db, row.id) : undefined;
}

/** A claim file by its content hash (the staff-only file route's key), with the claim it belongs to. */
export async function copyrightClaimFileBySha256(db: Db, sha256: string): Promise<CopyrightClaimFile | undefined> {
  const row = await db.selectFrom('copyright_claim_files').selectAll().where('sha256', '=', sha256).limit(1).executeTakeFirst();
  if (!row) return undefined;
  return {
    role: row.role, entityPosition: row.entity_position, storageKey: row.storage_key, sha256: row.sha256,
    mimeType: row.mime_type as CopyrightClaimFile['mimeType'], byteSize: Number(row.byte_size), filename: row.filename,
  };
}

/** The review item of a claim (id, state, version), or undefined before it opens. */
export async function reviewItemOfClaim(db: Db, claimId: string) {
  return db.selectFrom('review_items').select(['id', 'state', 'version', 'queue_id']).where('copyright_claim_id', '=', claimId).executeTakeFirst();
}

/** A page position of the claims list: created_at as PostgreSQL's text and the id. */
const claimCursorShape = z.tuple([z.string(), storableUuid]);

/**
 * One page of claims, newest first, optionally of one state; keyset-paginated by (created_at, id).
 * Throws InvalidCursor for a cursor that is not one of this list's.
 */
export async function listCopyrightClaims(db: Db, filter: { state?: CopyrightClaimState; limit: number; cursor?: string | null }) {
  let query = db
    .selectFrom('copyright_claims as c')
    .select([
      'c.id', 'c.claimant_name', 'c.claimant_organisation', 'c.state', 'c.created_at', 'c.decided_at',
      sql<number>`jsonb_array_length(c.conflict_report)`.as('conflicts'),
      sql<string>`c.created_at::text`.as('sort_value'),
      (eb) => eb.selectFrom('copyright_claim_entities as e').select(sql<string[]>`array_agg(e.name ORDER BY e.position)`.as('names')).whereRef('e.claim_id', '=', 'c.id').as('entity_names'),
      (eb) => eb.selectFrom('review_items as ri').select('ri.id').whereRef('ri.copyright_claim_id', '=', 'c.id').as('item_id'),
    ]);
  if (filter.state) query = query.where('c.state', '=', filter.state);
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor, claimCursorShape);
    if (!cursor || Number.isNaN(Date.parse(cursor[0]))) throw new InvalidCursor('This page link is out of date (its cursor is not valid); go back to the first page.');
    query = query.where(sql<boolean>`(c.created_at, c.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)`);
  }
  const rows = await query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  const last = page[page.length - 1];
  return { rows: page.map((row) => ({ ...row, entity_names: row.entity_names ?? [] })), nextCursor: rows.length > filter.limit && last ? encodeCursor([last.sort_value, last.id]) : null };
}

/**
 * A copyright claim's review item with its queue (name, roles) and who decided it, or undefined when
 * the item is not a claim's. What the claim's review screen shows of the item itself.
 */
export async function claimReviewItem(db: Db, itemId: string) {
  return db
    .selectFrom('review_items')
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .leftJoin('staff', 'staff.id', 'review_items.decided_by')
    .select([
      'review_items.id', 'review_items.kind', 'review_items.state', 'review_items.version', 'review_items.queue_id', 'review_items.flag_reasons',
      'review_items.due_at', 'review_items.escalated_at', 'review_items.escalation_reason', 'review_items.decision_reason', 'review_items.decision_note',
      'review_items.creator_note', 'review_items.created_at', 'review_items.copyright_claim_id',
      'review_queues.name as queue_name', 'review_queues.allowed_roles', 'staff.email as decided_by_email',
    ])
    .where('review_items.id', '=', itemId)
    .where('review_items.copyright_claim_id', 'is not', null)
    .executeTakeFirst();
}

/** The audit entries about a claim and its review item, oldest first: the claim's history for the reviewer. */
export async function claimHistory(db: Db, claimId: string, itemId: string | null) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'actor_label', 'action', 'after'])
    .where((eb) => eb.or([
      eb.and([eb('subject_type', '=', 'copyright_claim'), eb('subject_id', '=', claimId)]),
      ...(itemId ? [eb.and([eb('subject_type', '=', 'review_item'), eb('subject_id', '=', itemId)])] : []),
    ]))
    .orderBy('id')
    .execute();
}
