/**
 * What a likeness complaint is and what it must carry: who may complain for whom, the states a
 * complaint passes, which evidence files are accepted (type told by the file's own bytes, never its
 * name), and the shapes stored with a complaint. Pure: the filing service, the activities, the
 * database types and the contracts share these words (one list each, types derived from it).
 *
 * The evidence rule: every complaint explains in words how the video shows the person; someone
 * complaining for another person (an estate, an authorised representative) also attaches at least
 * one document showing their authority (a grant of probate, a letter of authority), because a legal
 * reviewer cannot uphold a takedown on a stranger's word. The limits are sized for photographs and
 * scanned letters: 5 files of at most 5 MB each.
 */

/**
 * Who the complainant is to the person shown: the person themself, the estate of a deceased person,
 * or someone authorised to act for them (a parent, an agent, a lawyer).
 */
export const LIKENESS_RELATIONSHIPS = ['self', 'estate', 'authorised_representative'] as const;
/** One of LIKENESS_RELATIONSHIPS. */
export type LikenessRelationship = (typeof LIKENESS_RELATIONSHIPS)[number];

/** How the form and the console name each relationship. */
export const RELATIONSHIP_LABELS: Record<LikenessRelationship, string> = {
  self: 'my own likeness',
  estate: 'the estate of a person who has died',
  authorised_representative: 'someone I am authorised to represent',
};

/** Where a complaint is: recorded, waiting for the legal reviewer, or decided. */
export const LIKENESS_COMPLAINT_STATES = ['received', 'in_review', 'upheld', 'rejected'] as const;
/** One of LIKENESS_COMPLAINT_STATES. */
export type LikenessComplaintState = (typeof LIKENESS_COMPLAINT_STATES)[number];

/**
 * The policy reasons a legal reviewer picks from (the digit keys pick them in this order). Upholding
 * is "approve" for the review gate; the complainant also gets the reviewer's own words
 * (required to reject: app/services/review-decisions.server.ts).
 */
export const COMPLAINT_DECISION_REASONS = {
  approve: ['Likeness without consent', 'Deceased person: the estate objects', 'Represented person did not consent'],
  reject: ['Not the person named', 'Consent was given (a cameo or grant)', 'Evidence insufficient', 'No authority to act for the person', 'Satire, art or news context'],
} as const;

/** Evidence file limits (see the header for why these sizes). */
export const EVIDENCE_LIMITS = {
  /** Bytes per file. */
  maxFileBytes: 5 * 1024 * 1024,
  maxFiles: 5,
  /** Characters of the written explanation: enough to say who, where in the video and why. */
  minTextChars: 20,
  maxTextChars: 5000,
} as const;

/** The sentence for an evidence file over the limit, whichever check (the form's parser, the HTTP body limit) finds it first. */
export const EVIDENCE_TOO_LARGE = `An evidence file is too large: each may be at most ${EVIDENCE_LIMITS.maxFileBytes / (1024 * 1024)} MB, and at most ${EVIDENCE_LIMITS.maxFiles} files. Send smaller scans or photos.`;

/** Accepted evidence types: photographs and scans as images, letters as PDF. */
export const EVIDENCE_TYPES = {
  'image/jpeg': { extension: 'jpg', name: 'JPEG' },
  'image/png': { extension: 'png', name: 'PNG' },
  'image/webp': { extension: 'webp', name: 'WebP' },
  'application/pdf': { extension: 'pdf', name: 'PDF' },
} as const;
/** One of the EVIDENCE_TYPES. */
export type EvidenceMimeType = keyof typeof EVIDENCE_TYPES;

/**
 * The evidence type of a file from its first bytes (JPEG FF D8 FF; PNG's 8-byte signature; WebP
 * "RIFF....WEBP"; PDF "%PDF-"), or null for anything else.
 */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceMimeType | null {
  const starts = (signature: number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}

/**
 * The refusal sentence when the evidence is not enough, or null when it is: the text is too short,
 * or a representative attached no document.
 */
export function evidenceProblem(relationship: LikenessRelationship, evidenceText: string, fileCount: number): string | null {
  if (evidenceText.trim().length < EVIDENCE_LIMITS.minTextChars) {
    return `Describe your evidence in at least ${EVIDENCE_LIMITS.minTextChars} characters: who the video shows, where in it, and why it is ${relationship === 'self' ? 'you' : 'the person you represent'}.`;
  }
  if (relationship !== 'self' && fileCount === 0) {
    return 'When you complain for someone else, attach at least one document showing you may act for them (for example a grant of probate or a letter of authority).';
  }
  return null;
}

/** One evidence file as stored (content-addressed in the media store; served to staff only). */
export interface LikenessEvidenceFile {
  storageKey: string;
  sha256: string;
  mimeType: EvidenceMimeType;
  /** Bytes. */
  byteSize: number;
  /** The name the complainant's file had (shown to staff, never used as a path). */
  filename: string;
  /** Pixels, for images (so the review screen frames them before they load); absent for PDFs. */
  width?: number;
  height?: number;
}

/**
 * What a filed complaint says, as the app checked it: the one shape the workflow's input
 * (contracts/likeness-complaint.ts) and the stored row (db/queries/likeness-complaints.ts) both
 * extend, so a field added here reaches both.
 */
export interface LikenessComplaintFiling {
  relationship: LikenessRelationship;
  complainantName: string;
  complainantEmail: string;
  /** The creator who filed through the app API; null for the public form. */
  creatorId: string | null;
  /** The person whose likeness the video shows (the complainant for 'self'). */
  personName: string;
  personAliases: string[];
  personLiving: boolean;
  /** The videos complained about; the first one's request anchors the review item. */
  videoIds: string[];
  evidenceText: string;
  evidenceFiles: LikenessEvidenceFile[];
  /** SHA-256 (hex) of the token of the public status page; the token itself is only given to the complainant. */
  statusTokenHash: string;
}

/** A video's status as a complaint sees it. */
export type ComplainedVideoStatus = 'draft' | 'published' | 'removed';

/** A video whose fingerprint matches a complained-about video. */
export interface LikenessFingerprintMatch {
  /** The matching video. */
  videoId: string;
  /** The complained-about video it matches. */
  matchesVideoId: string;
  /** Share of the complained video's sampled frames found in the match (0..1). */
  coverage: number;
  /** Median Hamming distance of the matched frames (PDQ, 256 bits). */
  distance: number;
  status: ComplainedVideoStatus;
}

/** What fingerprint matching found: the complained videos' own status and every match. */
export interface LikenessMatchReport {
  videos: { videoId: string; status: ComplainedVideoStatus; fingerprinted: boolean }[];
  matches: LikenessFingerprintMatch[];
}
