/**
 * Copyright claims (issue 13): the words, limits and pure rules of a rights holder's claim, shared
 * by the app (validation), the copyrightClaim workflow's activities (conflict detection) and the
 * console. No I/O here.
 */
import { sniffEvidenceType } from '../likeness-complaints';
import type { CopyrightEntityKind, CopyrightRule } from './types';

/** The states of a claim: recorded, waiting for legal, decided, or withdrawn by the claimant. */
export const COPYRIGHT_CLAIM_STATES = ['received', 'in_review', 'approved', 'rejected', 'withdrawn'] as const;
export type CopyrightClaimState = (typeof COPYRIGHT_CLAIM_STATES)[number];

/** What a claim's file is for: proof of rights (staff-only) or reference media hashed into a bank on approval. */
export const CLAIM_FILE_ROLES = ['proof', 'reference_image', 'reference_clip'] as const;
export type ClaimFileRole = (typeof CLAIM_FILE_ROLES)[number];

const MiB = 1024 * 1024;

/**
 * Limits of one claim. Sizes: a scanned letter or photograph fits in 5 MB (as for likeness
 * evidence, policies/likeness-complaints.ts); a reference clip is a short excerpt (Loupe's clips
 * are at most 20 s), 20 MB. The whole claim is capped so one request body stays under the app's
 * body limit for JSON with base64 (4/3 of the bytes).
 */
export const CLAIM_LIMITS = {
  maxEntities: 20,
  maxAliasesPerEntity: 30,
  maxTerritories: 50,
  maxFiles: 12,
  maxImageBytes: 5 * MiB,
  maxProofBytes: 5 * MiB,
  maxClipBytes: 20 * MiB,
  maxTotalBytes: 40 * MiB,
  minStatementChars: 20,
  maxStatementChars: 5000,
  maxNameChars: 200,
  maxConditionsChars: 2000,
} as const;

/** The sentence for a claim whose files are over the limits, whichever check (the form's parser, the HTTP body limit) finds it first. */
export const CLAIM_TOO_LARGE = `The claim's files are too large: proof documents and images may be at most ${CLAIM_LIMITS.maxImageBytes / MiB} MB each, clips ${CLAIM_LIMITS.maxClipBytes / MiB} MB, at most ${CLAIM_LIMITS.maxFiles} files and ${CLAIM_LIMITS.maxTotalBytes / MiB} MB in all. Send smaller files or fewer of them.`;

/** File types accepted per role (issue 13 brief: images jpeg/png/webp, clips mp4, proof pdf/jpeg/png). */
export const CLAIM_FILE_TYPES: Record<ClaimFileRole, Partial<Record<ClaimMimeType, true>>> = {
  proof: { 'application/pdf': true, 'image/jpeg': true, 'image/png': true },
  reference_image: { 'image/jpeg': true, 'image/png': true, 'image/webp': true },
  reference_clip: { 'video/mp4': true },
};

/** Every MIME type a claim file may have, with its extension and the name a person reads. */
export const CLAIM_MIME_TYPES = {
  'image/jpeg': { extension: 'jpg', name: 'JPEG' },
  'image/png': { extension: 'png', name: 'PNG' },
  'image/webp': { extension: 'webp', name: 'WebP' },
  'application/pdf': { extension: 'pdf', name: 'PDF' },
  'video/mp4': { extension: 'mp4', name: 'MP4' },
} as const;
export type ClaimMimeType = keyof typeof CLAIM_MIME_TYPES;

/** Bytes a file of this role may have. */
export function maxBytesFor(role: ClaimFileRole): number {
  return role === 'reference_clip' ? CLAIM_LIMITS.maxClipBytes : role === 'proof' ? CLAIM_LIMITS.maxProofBytes : CLAIM_LIMITS.maxImageBytes;
}

/**
 * The type of a claim file from its first bytes: the image and PDF signatures of likeness evidence
 * (sniffEvidenceType), or an ISO BMFF file (ISO/IEC 14496-12: a box of type `ftyp` at offset 4) as
 * MP4. Null for anything else.
 */
export function sniffClaimFileType(bytes: Uint8Array): ClaimMimeType | null {
  const evidence = sniffEvidenceType(bytes);
  if (evidence) return evidence;
  if (bytes.length >= 12 && bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) return 'video/mp4';
  return null;
}

/** The sentence naming the types a role accepts, e.g. "PDF, JPEG or PNG". */
export function acceptedTypesSentence(role: ClaimFileRole): string {
  const names = Object.keys(CLAIM_FILE_TYPES[role]).map((type) => CLAIM_MIME_TYPES[type as ClaimMimeType].name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]!;
}

/**
 * One normal form for entity names, so "Pokémon", "POKEMON" and "pokemon!" are one name: Unicode
 * NFKD (full-width letters become ASCII), the combining diacritical marks U+0300–U+036F removed
 * (accents of Latin, Greek and Cyrillic letters; not the kana voicing marks, so ピ stays ピ), NFC
 * again, lower case, every run of characters that is not a letter or digit replaced by one space,
 * trimmed. Used for claims' duplicate and conflict detection and available to the works registry's
 * matching.
 */
export function normaliseEntityName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** An entity a claim names, as far as conflict detection needs it. */
export interface ClaimedEntityNames {
  position: number;
  name: string;
  aliases: { name: string; lang: string }[];
}

/** An entity of the works registry, as far as conflict detection needs it. */
export interface RegistryEntityNames {
  id: string;
  name: string;
  aliases: { name: string; lang: string }[];
  owner: string | null;
  publicDomain: boolean;
  /** The claim that made the entity live, if any. */
  claimId: string | null;
  /** The claimant's contact email of that claim, when there is one. */
  claimContact: string | null;
}

/** An entity named by another claim that is open or approved. */
export interface OtherClaimEntity {
  claimId: string;
  claimState: CopyrightClaimState;
  claimantName: string;
  contactEmail: string;
  name: string;
}

/**
 * The policy reasons legal picks from when deciding a claim (the digit keys pick them on the review
 * screen). Approving: the rights are shown; rejecting: why not, in the words a claimant can act on.
 */
export const COPYRIGHT_CLAIM_DECISION_REASONS = {
  approve: ['Rights holder shown by the proof', 'Authorised agent of the rights holder', 'Approved in part (see the entities)'],
  reject: ['Proof of rights insufficient', 'Another holder has the rights', 'Public-domain work', 'Not a protected character, work or brand', 'Duplicate of an earlier claim'],
} as const;

/** What the reviewer is warned about: one finding about one claimed entity. */
export interface ClaimConflict {
  kind: 'duplicate' | 'other_claimant' | 'public_domain' | 'alias_overlap';
  /** The claimed entity's position in the claim. */
  position: number;
  entityName: string;
  /** The sentence the reviewer reads. */
  sentence: string;
  otherClaimId?: string;
  entityId?: string;
}

/** What approval did, stored on the claim (copyright_claims.outcome). */
export interface CopyrightClaimOutcomeRecord {
  entityIds: string[];
  bankIds: string[];
  hashes: number;
  rescanId: string | null;
  /** Why a step did not run (e.g. no reference media). */
  notes: string[];
}

/** The same claimant: one contact email, compared without case. */
function sameClaimant(a: string, b: string | null): boolean {
  return b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Duplicates and conflicts of a claim against the works registry and other claims:
 * - duplicate: the same claimant (contact email) already claims the entity in an open or approved claim;
 * - other_claimant: another claimant claims it (open or approved claim), or it is held by another
 *   owner in the registry (an approved claim of another contact, or an owner named by a seed list);
 * - public_domain: the registry marks the entity public domain (never refused on copyright grounds);
 * - alias_overlap: one of the claimed names or aliases is the name or an alias of a different registry entity.
 * Names compare in normaliseEntityName's form. Pure; one finding per (kind, entity, other).
 */
export function detectClaimConflicts(
  claim: { contactEmail: string; claimantName: string; claimantOrganisation: string | null; entities: ClaimedEntityNames[] },
  registry: RegistryEntityNames[],
  otherClaims: OtherClaimEntity[],
): ClaimConflict[] {
  const found: ClaimConflict[] = [];
  const seen = new Set<string>();
  const add = (conflict: ClaimConflict) => {
    const key = `${conflict.kind}:${conflict.position}:${conflict.otherClaimId ?? conflict.entityId ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push(conflict);
  };
  const holder = (claim.claimantOrganisation ?? claim.claimantName).trim();
  for (const entity of claim.entities) {
    const own = normaliseEntityName(entity.name);
    const names = new Set([own, ...entity.aliases.map((alias) => normaliseEntityName(alias.name))].filter((name) => name !== ''));
    for (const other of otherClaims) {
      if (normaliseEntityName(other.name) !== own) continue;
      if (sameClaimant(claim.contactEmail, other.contactEmail)) {
        add({
          kind: 'duplicate', position: entity.position, entityName: entity.name, otherClaimId: other.claimId,
          sentence: `${entity.name}: the same claimant already claims it in claim ${other.claimId} (${other.claimState}).`,
        });
      } else {
        add({
          kind: 'other_claimant', position: entity.position, entityName: entity.name, otherClaimId: other.claimId,
          sentence: `${entity.name}: ${other.claimantName} also claims it in claim ${other.claimId} (${other.claimState}).`,
        });
      }
    }
    for (const registered of registry) {
      const registeredNames = [registered.name, ...registered.aliases.map((alias) => alias.name)].map(normaliseEntityName);
      const byName = normaliseEntityName(registered.name) === own;
      if (byName && registered.publicDomain) {
        add({
          kind: 'public_domain', position: entity.position, entityName: entity.name, entityId: registered.id,
          sentence: `${entity.name}: the works registry marks ${registered.name} as public domain; a claim cannot restrict it.`,
        });
      }
      if (byName) {
        const heldByOtherClaim = registered.claimId !== null && !sameClaimant(claim.contactEmail, registered.claimContact);
        const heldByOtherOwner = registered.claimId === null && registered.owner !== null && registered.owner.trim() !== ''
          && normaliseEntityName(registered.owner) !== normaliseEntityName(holder);
        if (heldByOtherClaim || heldByOtherOwner) {
          add({
            kind: 'other_claimant', position: entity.position, entityName: entity.name, entityId: registered.id,
            sentence: `${entity.name}: the works registry records ${registered.owner ?? 'another claimant'} as its holder${registered.claimId ? ` (claim ${registered.claimId})` : ''}.`,
          });
        }
        continue;
      }
      const overlap = registeredNames.find((name) => names.has(name));
      if (overlap) {
        add({
          kind: 'alias_overlap', position: entity.position, entityName: entity.name, entityId: registered.id,
          sentence: `${entity.name}: the name "${overlap}" is also a name of ${registered.name} in the works registry; approving may affect prompts about it.`,
        });
      }
    }
  }
  return found;
}

/** A reviewer's decision on one claimed entity: approve with a rule (maybe another than requested), or leave it out. */
export interface ClaimEntityDecision {
  position: number;
  /** null leaves the entity out of the approval. */
  rule: CopyrightRule | null;
}

/**
 * The rule each entity of an approved claim gets: the reviewer's override where given, else the
 * requested rule. Throws an Error with a sentence when an override names a position the claim does
 * not have, or when every entity is left out (that is a rejection).
 */
export function approvedRules(
  entities: { position: number; requestedRule: CopyrightRule }[],
  overrides: ClaimEntityDecision[] | undefined,
): Map<number, CopyrightRule | null> {
  const result = new Map<number, CopyrightRule | null>(entities.map((entity) => [entity.position, entity.requestedRule]));
  for (const override of overrides ?? []) {
    if (!result.has(override.position)) throw new Error(`The claim has no entity number ${override.position + 1}; reload it and decide again.`);
    result.set(override.position, override.rule);
  }
  if ([...result.values()].every((rule) => rule === null)) {
    throw new Error('Every entity was left out: reject the claim instead, with a reason the claimant can read.');
  }
  return result;
}

/** A stored file of a claim (content-addressed in the media store). */
export interface CopyrightClaimFile {
  role: ClaimFileRole;
  /** The claimed entity (position in `entities`) a reference file shows; null for proof of rights. */
  entityPosition: number | null;
  storageKey: string;
  sha256: string;
  mimeType: ClaimMimeType;
  /** Bytes. */
  byteSize: number;
  filename: string;
}

/** A claim as it is filed and stored (the workflow's input adds its id: contracts CopyrightClaimInput). */
export interface CopyrightClaimFiling {
  claimantName: string;
  claimantOrganisation: string | null;
  contactEmail: string;
  /** The creator account that filed through the app API; null for the public form. */
  creatorId: string | null;
  statement: string;
  entities: ClaimedEntity[];
  files: CopyrightClaimFile[];
  /** SHA-256 of the status token (db/queries/token-hash.ts); the token itself is never stored. */
  statusTokenHash: string;
}

/** The shape of an entity as it is filed. */
export interface ClaimedEntity {
  name: string;
  kind: CopyrightEntityKind;
  aliases: { name: string; lang: string }[];
  territories: string[];
  requestedRule: CopyrightRule;
  conditions: string | null;
}
