/**
 * Hash banks (issue 13): the media-queue activities that fill banks from a claim's reference media
 * and check a clip's frames against every enabled bank. Implemented in activities/copyright/
 * (bank-activities.ts); the clip pipeline calls checkClipAgainstBanks under patched('copyright-banks'),
 * copyrightClaim calls hashReferenceMediaIntoBank on approval.
 */

/** One reference file of a claim in the media store: an image (image/*) or a clip (video/*). */
export interface ReferenceMediaFile {
  storageKey: string;
  mimeType: string;
}

/** hashReferenceMediaIntoBank's input: one bank per (claim, entity). `bankName` must be unique among banks. */
export interface HashReferenceMediaInput {
  bankName: string;
  /** The rights holder (the claim's claimant), shown as the bank's owner. */
  owner: string;
  entityId: string;
  claimId: string;
  files: ReferenceMediaFile[];
}

/** A clip's verdict from the hash banks, with the recorded copyright_matches rows. */
export interface ClipBankCheck {
  verdict: 'allow' | 'review' | 'block';
  /** One sentence per match that blocks, needs review or is held: entity, bank, distance, frame. */
  reasons: string[];
  /** One sentence for the requester. */
  summary: string;
  /** copyright_matches ids recorded for this request (every outcome, held and cancelled included). */
  matchIds: string[];
}

/** The hash-bank activities on the media task queue. */
export interface CopyrightBankActivities {
  /**
   * Hashes a claim's reference images (fingerprintImage) and clips (fingerprintVideo frames at 1 fps;
   * hashes under PDQ_MIN_QUALITY skipped) into the (claim, entity) bank, created on first call;
   * idempotent: a retry adds no hash twice. Returns the bank and how many hashes it holds.
   * Fails non-retryably (UnsupportedMedia) when a file is neither an image nor a video or cannot be decoded.
   */
  hashReferenceMediaIntoBank(input: HashReferenceMediaInput): Promise<{ bankId: string; hashes: number }>;
  /**
   * Checks the request's signed draft video's frames against every enabled bank, records each
   * positive match in copyright_matches (once per request and bank hash), applies the flood rule
   * (quarantine and alert) and returns the clip's verdict (policies/copyright/bank-match.ts). The
   * frame hashes are saved as the video's fingerprint (video_fingerprints), so a rescan never decodes it again.
   */
  checkClipAgainstBanks(input: { requestId: string }): Promise<ClipBankCheck>;
}
