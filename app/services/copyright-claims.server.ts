/**
 * Copyright claims (issue 13), as the public form and the app API file them: the input is checked
 * here (zod for the shape and limits, then each file's type sniffed from its bytes and its size
 * checked for its role), the files are put in the media store (content-addressed; proof documents
 * served to staff only), and a copyrightClaim workflow is started, which records the claim with its
 * duplicates and conflicts and takes it to the copyright queue. Nothing else is written here.
 *
 * The claimant gets a status token once; only its SHA-256 is kept, so the status page opens for
 * whoever holds the link and for nobody reading the database. Staff read claims here too: the
 * console's list and detail, and the claim files route.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CopyrightClaimFile, CopyrightClaimInput } from '../../contracts';
import type { MediaStore } from '../../db/media-store';
import {
  claimHistory, claimReviewItem, copyrightClaimByTokenHash, copyrightClaimFileBySha256, copyrightClaimFileKey, copyrightClaimOfCreator, getCopyrightClaim,
  listCopyrightClaims, reviewItemOfClaim, type CopyrightClaimRow,
} from '../../db/queries/copyright-claims';
import { queueNeighbours } from '../../db/queries/review';
import { leaseOf } from '../../db/queries/review-leases';
import { InvalidCursor } from '../../db/queries/keyset-cursor';
import { hashBearerToken } from '../../db/queries/token-hash';
import type { CopyrightRescanState, Database, StaffRole } from '../../db/schema';
import {
  acceptedTypesSentence, approvedRules, CLAIM_FILE_ROLES, CLAIM_FILE_TYPES, CLAIM_LIMITS, CLAIM_MIME_TYPES, COPYRIGHT_CLAIM_STATES, maxBytesFor, sniffClaimFileType,
  type ClaimConflict, type CopyrightClaimOutcomeRecord, type CopyrightClaimState,
} from '../../policies/copyright/claims';
import { COPYRIGHT_ENTITY_KINDS, COPYRIGHT_RULES } from '../../policies/copyright/types';
import { ROLE_SETS } from '../../policies/staff-access';
import { ServiceRefusal } from './refusal';
import { startCopyrightClaim, WorkflowRefusedUpdate, type WorkflowClientDeps } from './workflow-client.server';

const MiB = 1024 * 1024;
const L = CLAIM_LIMITS;
/** Base64 of the largest accepted file (a clip): 4 characters for every 3 bytes. */
const MAX_BASE64_CHARS = Math.ceil(L.maxClipBytes / 3) * 4;
/** BCP 47 language tag, loosely (RFC 5646's shape: a 2–3 letter language, optional subtags), or 'und'. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
/** ISO 3166-1 alpha-2, or 'worldwide'. */
const TERRITORY = /^([A-Z]{2}|worldwide)$/;

const nameField = (what: string) => z.string({ error: `Give ${what}.` }).trim().min(1, `Give ${what}.`).max(L.maxNameChars, `${what[0]!.toUpperCase()}${what.slice(1)} may be at most ${L.maxNameChars} characters.`);

/** One alias as a caller sends it: a name and the language it is used in (BCP 47; 'und' when unknown). */
const aliasInput = z.object({
  name: nameField('the alias'),
  lang: z.string().trim().regex(LANGUAGE_TAG, 'Give each alias\'s language as a language tag such as en, ja or pt-BR (or und when unknown).').default('und'),
});

/** One entity a claim names. */
export const claimedEntityInput = z.object({
  name: nameField('the name of the character, work or brand'),
  kind: z.enum(COPYRIGHT_ENTITY_KINDS, { error: 'Say what each entity is: character, work or brand.' }),
  aliases: z.array(aliasInput).max(L.maxAliasesPerEntity, `Give at most ${L.maxAliasesPerEntity} other names per entity.`).default([]),
  territories: z
    .array(z.string().trim().toUpperCase().transform((t) => (t === 'WORLDWIDE' ? 'worldwide' : t)).pipe(z.string().regex(TERRITORY, 'Give territories as two-letter country codes (ISO 3166-1, e.g. GB, JP) or worldwide.')))
    .min(1, 'Say where you hold the rights: two-letter country codes, or worldwide.')
    .max(L.maxTerritories, `Name at most ${L.maxTerritories} territories, or say worldwide.`)
    .default(['worldwide']),
  requestedRule: z.enum(COPYRIGHT_RULES, { error: 'Say what Loupe should do with each entity: allow, review or block.' }),
  conditions: z.string().trim().max(L.maxConditionsChars, `Conditions may be at most ${L.maxConditionsChars} characters.`).nullable().default(null),
});

/** A claim file as a caller sends it: its role, which entity it shows (reference media), its name and its bytes base64-encoded. */
export const claimFileInput = z.object({
  role: z.enum(CLAIM_FILE_ROLES, { error: 'Say what each file is: proof (of your rights), reference_image or reference_clip.' }),
  entityIndex: z.number().int().min(0).max(L.maxEntities - 1).nullable().default(null),
  filename: z.string().trim().min(1, 'Each file needs a file name.').max(255, 'A file name may be at most 255 characters.'),
  contentBase64: z.string().max(MAX_BASE64_CHARS + 4, `A file may be at most ${L.maxClipBytes / MiB} MB (clips) or ${L.maxImageBytes / MiB} MB (documents and images).`),
});

/** A copyright claim as the app API and the public form send it. */
export const fileCopyrightClaimInput = z.object({
  claimantName: nameField('your name'),
  claimantOrganisation: z.string().trim().max(L.maxNameChars, `The organisation's name may be at most ${L.maxNameChars} characters.`).nullable().default(null)
    .transform((value) => (value === '' ? null : value)),
  contactEmail: z.email({ error: 'Give an email address where our legal team can reach you.' }).max(320, 'That email address is too long.'),
  statement: z.string({ error: 'Describe the rights you hold.' }).trim()
    .min(L.minStatementChars, `Describe the rights you hold in at least ${L.minStatementChars} characters: what you hold, since when, and where.`)
    .max(L.maxStatementChars, `Describe your rights in at most ${L.maxStatementChars} characters.`),
  entities: z.array(claimedEntityInput, { error: 'Name the characters, works or brands you claim.' })
    .min(1, 'Name at least one character, work or brand you claim.')
    .max(L.maxEntities, `Claim at most ${L.maxEntities} entities at once; file the rest in another claim.`),
  files: z.array(claimFileInput).max(L.maxFiles, `Attach at most ${L.maxFiles} files.`).default([]),
});
/** The input of fileCopyrightClaim before parsing. */
export type FileCopyrightClaimInput = z.input<typeof fileCopyrightClaimInput>;

/** Who filed: a creator account of the consumer app (through the app API), or anyone through the public form. */
export type CopyrightClaimFiler = { kind: 'creator'; creatorId: string } | { kind: 'public' };

/** What the claimant gets back: the claim's id, the status token (shown once, never stored), and how many conflicts were found. */
export interface FiledCopyrightClaim {
  claimId: string;
  statusToken: string;
  state: CopyrightClaimState;
  conflicts: number;
}

type Deps = WorkflowClientDeps & { db: Kysely<Database>; media: MediaStore };

/** The first problem of a zod failure as the sentence for the person who filed, naming the entity or file it is about. */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The claim is not complete; check every field and try again.';
  const [list, index] = issue.path;
  const where = list === 'entities' && typeof index === 'number' ? `Entity ${index + 1}: ` : list === 'files' && typeof index === 'number' ? `File ${index + 1}: ` : '';
  return `${where}${issue.message}`;
}

/** Checks each file (type for its role, size, entity) and stores it; refuses BAD_REQUEST naming the file. */
async function storeClaimFiles(media: MediaStore, files: z.output<typeof claimFileInput>[], entityCount: number): Promise<CopyrightClaimFile[]> {
  let total = 0;
  const checked = files.map((file) => {
    // Node decodes what it can of anything; a file that is not base64 at all is said to be so, not taken for a wrong type.
    const base64 = file.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
      throw new ServiceRefusal('BAD_REQUEST', `The content of the file ${file.filename} is not valid base64; encode the file's bytes as base64 in contentBase64 and send it again.`);
    }
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length === 0) throw new ServiceRefusal('BAD_REQUEST', `The file ${file.filename} is empty; attach it again.`);
    const limit = maxBytesFor(file.role);
    if (bytes.length > limit) throw new ServiceRefusal('BAD_REQUEST', `The file ${file.filename} is larger than ${limit / MiB} MB; send a smaller one.`);
    total += bytes.length;
    const mimeType = sniffClaimFileType(bytes);
    if (!mimeType || !CLAIM_FILE_TYPES[file.role][mimeType]) {
      const types = acceptedTypesSentence(file.role);
      throw new ServiceRefusal('BAD_REQUEST', `The file ${file.filename} is not ${/^(?:[AEIOU]|[FHLMNRSX][A-Z0-9])/.test(types) ? 'an' : 'a'} ${types} file, which a ${file.role.replace('_', ' ')} must be; save it as one and attach it again.`);
    }
    let entityPosition: number | null = null;
    if (file.role !== 'proof') {
      if (file.entityIndex === null && entityCount > 1) {
        throw new ServiceRefusal('BAD_REQUEST', `Say which entity the reference file ${file.filename} shows (entityIndex, counting from 0): the claim names ${entityCount}.`);
      }
      entityPosition = file.entityIndex ?? 0;
      if (entityPosition >= entityCount) {
        throw new ServiceRefusal(
          'BAD_REQUEST',
          `The reference file ${file.filename} has entityIndex ${entityPosition}, but the claim names only ${entityCount} ${entityCount === 1 ? 'entity' : 'entities'}: entityIndex counts from 0, so the first entity is 0 and the last is ${entityCount - 1}.`,
        );
      }
    }
    return { file, bytes, mimeType, entityPosition, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  if (total > L.maxTotalBytes) throw new ServiceRefusal('BAD_REQUEST', `The claim's files add up to more than ${L.maxTotalBytes / MiB} MB; send fewer or smaller files.`);
  if (checked.length === 0) return [];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-claim-'));
  try {
    const stored: CopyrightClaimFile[] = [];
    for (const item of checked) {
      const key = copyrightClaimFileKey(item.sha256, CLAIM_MIME_TYPES[item.mimeType].extension);
      const staging = path.join(dir, item.sha256);
      await fs.writeFile(staging, item.bytes);
      await media.putFile(key, staging);
      stored.push({
        role: item.file.role, entityPosition: item.entityPosition, storageKey: key, sha256: item.sha256, mimeType: item.mimeType,
        byteSize: item.bytes.length, filename: item.file.filename,
      });
    }
    return stored;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Files a copyright claim and starts its workflow; answers once the claim is recorded. Refuses with
 * a sentence: BAD_REQUEST (input, files, limits, the same entity named twice), CONFLICT (the
 * workflow could not record it).
 */
export async function fileCopyrightClaim(deps: Deps, input: unknown, filedBy: CopyrightClaimFiler): Promise<FiledCopyrightClaim> {
  const parsed = fileCopyrightClaimInput.safeParse(input);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', firstProblem(parsed.error));
  const claim = parsed.data;
  const names = new Set<string>();
  for (const entity of claim.entities) {
    const key = entity.name.toLocaleLowerCase('en');
    if (names.has(key)) throw new ServiceRefusal('BAD_REQUEST', `The claim names ${entity.name} twice; name each entity once, with its other names as aliases.`);
    names.add(key);
  }
  const files = await storeClaimFiles(deps.media, claim.files, claim.entities.length);
  const statusToken = randomBytes(32).toString('base64url');
  const workflowInput: CopyrightClaimInput = {
    claimId: randomUUID(),
    claimantName: claim.claimantName,
    claimantOrganisation: claim.claimantOrganisation,
    contactEmail: claim.contactEmail,
    creatorId: filedBy.kind === 'creator' ? filedBy.creatorId : null,
    statement: claim.statement,
    entities: claim.entities.map((entity) => ({
      name: entity.name, kind: entity.kind, aliases: entity.aliases, territories: [...new Set(entity.territories)], requestedRule: entity.requestedRule,
      conditions: entity.conditions || null,
    })),
    files,
    statusTokenHash: hashBearerToken(statusToken),
  };
  try {
    const recorded = await startCopyrightClaim(deps, workflowInput);
    return { claimId: workflowInput.claimId, statusToken, state: 'received', conflicts: recorded.conflicts };
  } catch (error) {
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
}

/** What the claimant's status page (and the API) shows of a claim. */
export interface CopyrightClaimStatus {
  claimId: string;
  state: CopyrightClaimState;
  entities: { name: string; kind: string; requestedRule: string; approvedRule: string | null; leftOut: boolean }[];
  decisionReason: string | null;
  /** What approval did (banks, hashes, the rescan), once known. */
  outcome: CopyrightClaimOutcomeRecord | null;
  /** The rescan of published videos approval started, as it stands now; null when none was started. */
  rescan: ClaimRescanProgress | null;
  filedAt: Date;
  decidedAt: Date | null;
}

/** How far the rescan started by a claim's approval has got. */
export interface ClaimRescanProgress {
  state: CopyrightRescanState;
  total: number;
  scanned: number;
  matched: number;
}

/** What the claimant reads of their claim's rescan: running only while it runs, else what it found. */
export function claimRescanSentence(rescan: ClaimRescanProgress): string {
  const videos = (n: number) => `${n} published video${n === 1 ? '' : 's'}`;
  switch (rescan.state) {
    case 'running':
    case 'paused':
      return `Videos already published are being checked against them: ${rescan.scanned} of ${rescan.total} checked so far.`;
    case 'completed':
      return `${videos(rescan.scanned)} checked, ${rescan.matched === 0 ? 'none matched' : `${rescan.matched} matched and were handled by the approved rule`}.`;
    default:
      return `The check of videos already published stopped after ${rescan.scanned} of ${rescan.total}; our legal team has been told.`;
  }
}

async function rescanOf(db: Kysely<Database>, outcome: CopyrightClaimOutcomeRecord | null): Promise<ClaimRescanProgress | null> {
  if (!outcome?.rescanId) return null;
  const row = await db.selectFrom('copyright_rescans').select(['state', 'total', 'scanned', 'matched']).where('id', '=', outcome.rescanId).executeTakeFirst();
  return row ?? null;
}

async function statusOf(db: Kysely<Database>, row: CopyrightClaimRow): Promise<CopyrightClaimStatus> {
  return {
    claimId: row.id, state: row.state, decisionReason: row.decision_reason, outcome: row.outcome, rescan: await rescanOf(db, row.outcome),
    filedAt: row.created_at, decidedAt: row.decided_at,
    entities: row.entities.map((entity) => ({
      name: entity.name, kind: entity.kind, requestedRule: entity.requested_rule, approvedRule: entity.approved_rule, leftOut: entity.left_out,
    })),
  };
}

/** The status of the claim whose link carries `token`. Refuses NOT_FOUND for a token that opens nothing. */
export async function getCopyrightClaimStatus(db: Kysely<Database>, token: string): Promise<CopyrightClaimStatus> {
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await copyrightClaimByTokenHash(db, hashBearerToken(token)) : undefined;
  if (!row) throw new ServiceRefusal('NOT_FOUND', 'No claim opens with this link. Check that you copied all of it from the page you saw after filing.');
  return statusOf(db, row);
}

/** A creator's own claim by id (the app API). Refuses NOT_FOUND for another creator's claim as for a missing one. */
export async function getCreatorCopyrightClaim(db: Kysely<Database>, creatorId: string, claimId: string): Promise<CopyrightClaimStatus> {
  const row = await copyrightClaimOfCreator(db, claimId, creatorId);
  if (!row) throw new ServiceRefusal('NOT_FOUND', `You filed no copyright claim with the id ${claimId}; check the id your filing answered.`);
  return statusOf(db, row);
}

/** Whether a staff role may read claims and their proof documents (ROLE_SETS.copyright_claims). */
export function mayReadClaims(role: StaffRole): boolean {
  return (ROLE_SETS.copyright_claims as readonly StaffRole[]).includes(role);
}

/**
 * A claim file for a staff member whose role may read claims, or null (no such file, or the role
 * may not see claimants' documents: the route answers 404 either way, telling nothing). `file` is
 * `<sha256>.<extension>` as the console links it.
 */
export async function claimFileForStaff(db: Kysely<Database>, staff: { role: StaffRole } | null, file: string): Promise<CopyrightClaimFile | null> {
  const match = /^([a-f0-9]{64})\.([a-z0-9]+)$/.exec(file);
  if (!staff || !match || !mayReadClaims(staff.role)) return null;
  const stored = await copyrightClaimFileBySha256(db, match[1]!);
  if (!stored || CLAIM_MIME_TYPES[stored.mimeType]?.extension !== match[2]) return null;
  return stored;
}

/** The claims list's filter as the console's address carries it; state and page link are checked by listClaimsForStaff, with sentences. */
export const claimListFilter = z.object({
  state: z.string().optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

/** The sentence for every page link of the claims list that is not one (edited, cut, too long). */
export const BROKEN_CLAIM_PAGE_LINK = 'This page link is out of date (its cursor is not valid); go back to the first page.';

/**
 * One page of claims for the console. Refuses FORBIDDEN for a role that may not read claims, and
 * BAD_REQUEST for a state or page link that is not valid.
 */
export async function listClaimsForStaff(db: Kysely<Database>, staff: { role: StaffRole }, filter: unknown) {
  if (!mayReadClaims(staff.role)) throw new ServiceRefusal('FORBIDDEN', `Copyright claims are read by ${ROLE_SETS.copyright_claims.join(', ')}; your role is ${staff.role}.`);
  const parsed = claimListFilter.safeParse(filter);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', 'The filter is not valid; go back to the first page.');
  const state = parsed.data.state || undefined;
  if (state !== undefined && !(COPYRIGHT_CLAIM_STATES as readonly string[]).includes(state)) {
    throw new ServiceRefusal('BAD_REQUEST', `There is no claim state "${state.slice(0, 40)}"; filter by one of the states: ${COPYRIGHT_CLAIM_STATES.join(', ')}.`);
  }
  // A cursor of this list is well under 500 characters; a longer one was not made here, and is not decoded.
  if ((parsed.data.cursor?.length ?? 0) > 500) throw new ServiceRefusal('BAD_REQUEST', BROKEN_CLAIM_PAGE_LINK);
  try {
    return await listCopyrightClaims(db, { state: state as CopyrightClaimState | undefined, limit: parsed.data.limit, cursor: parsed.data.cursor || null });
  } catch (error) {
    if (error instanceof InvalidCursor) throw new ServiceRefusal('BAD_REQUEST', BROKEN_CLAIM_PAGE_LINK);
    throw error;
  }
}

/** Everything the console's claim page and the claim's review screen show. */
export interface CopyrightClaimForStaff {
  claim: Omit<CopyrightClaimRow, 'status_token_hash' | 'files' | 'conflict_report' | 'outcome'>;
  conflicts: ClaimConflict[];
  outcome: CopyrightClaimOutcomeRecord | null;
  files: { role: string; entityPosition: number | null; filename: string; mimeType: string; byteSize: number; href: string }[];
  item: { id: string; state: string; version: number; queueId: string } | null;
}

/** One claim for staff who may read claims; refuses FORBIDDEN for other roles and NOT_FOUND for no such claim. */
export async function claimForStaff(db: Kysely<Database>, staff: { role: StaffRole }, claimId: string): Promise<CopyrightClaimForStaff> {
  if (!mayReadClaims(staff.role)) throw new ServiceRefusal('FORBIDDEN', `Copyright claims are read by ${ROLE_SETS.copyright_claims.join(', ')}; your role is ${staff.role}.`);
  return claimDetail(db, claimId);
}

/** The claim's id when `itemId` is a copyright claim's review item, else null (any other item, or none). */
export async function claimOfReviewItem(db: Kysely<Database>, itemId: string): Promise<{ claimId: string } | null> {
  const item = z.uuid().safeParse(itemId).success ? await claimReviewItem(db, itemId) : undefined;
  return item?.copyright_claim_id ? { claimId: item.copyright_claim_id } : null;
}

/**
 * The review screen of a claim's item: the item and its queue, who holds it, its neighbours in the
 * queue (j/k), the claim with its conflicts and files, and the history. Refuses FORBIDDEN for a role
 * that may not read claims and NOT_FOUND when the item is not a claim's.
 */
export async function claimReviewScreen(db: Kysely<Database>, staff: { role: StaffRole }, itemId: string) {
  if (!mayReadClaims(staff.role)) throw new ServiceRefusal('FORBIDDEN', `Copyright claims are read by ${ROLE_SETS.copyright_claims.join(', ')}; your role is ${staff.role}.`);
  const item = z.uuid().safeParse(itemId).success ? await claimReviewItem(db, itemId) : undefined;
  if (!item?.copyright_claim_id) throw new ServiceRefusal('NOT_FOUND', 'There is no copyright claim review item with that id.');
  const [claim, lease, neighbours, history] = await Promise.all([
    claimDetail(db, item.copyright_claim_id),
    leaseOf(db, itemId),
    queueNeighbours(db, item.queue_id, item.due_at, item.id),
    claimHistory(db, item.copyright_claim_id, item.id),
  ]);
  return { item, claim, lease, neighbours, history };
}

async function claimDetail(db: Kysely<Database>, claimId: string): Promise<CopyrightClaimForStaff> {
  const row = z.uuid().safeParse(claimId).success ? await getCopyrightClaim(db, claimId) : undefined;
  if (!row) throw new ServiceRefusal('NOT_FOUND', 'There is no copyright claim with that id; go back to the list of claims and open one from there.');
  const item = await reviewItemOfClaim(db, claimId);
  const { status_token_hash: _token, files, conflict_report: conflicts, outcome, ...claim } = row;
  return {
    claim, conflicts, outcome,
    files: files.map((file) => ({
      role: file.role, entityPosition: file.entity_position, filename: file.filename, mimeType: file.mime_type, byteSize: file.byte_size,
      href: `/copyright/claims/files/${file.sha256}.${CLAIM_MIME_TYPES[file.mime_type as keyof typeof CLAIM_MIME_TYPES].extension}`,
    })),
    item: item ? { id: item.id, state: item.state, version: item.version, queueId: item.queue_id } : null,
  };
}

/**
 * Why a reviewer's per-entity rules cannot be sent, or null when they can: a position the claim does
 * not have, or every entity left out of an approval (that is a rejection). The workflow checks again
 * (policies/copyright/claims.ts approvedRules).
 */
export async function claimEntityDecisionProblem(
  db: Kysely<Database>, claimId: string, decision: 'approve' | 'reject', entityDecisions: { position: number; rule: 'allow' | 'review' | 'block' | null }[],
): Promise<string | null> {
  if (decision === 'reject') return 'Per-entity rules go with an approval; reject the claim without them.';
  const claim = await getCopyrightClaim(db, claimId);
  if (!claim) return 'There is no copyright claim behind this item.';
  try {
    approvedRules(claim.entities.map((entity) => ({ position: entity.position, requestedRule: entity.requested_rule })), entityDecisions);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
