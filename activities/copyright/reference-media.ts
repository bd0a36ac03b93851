/**
 * A claim's reference media hashed into its hash bank (issue 13): one positive bank per (claim,
 * entity), acting through the entity's rule (so the bank carries no rule of its own), cut-off
 * PDQ_MATCH_THRESHOLD (Meta's guidance, 31 bits) until legal changes it on /copyright/banks.
 *
 * Images go through fingerprintImage (every trim, every region), clips through fingerprintVideo
 * (1 fps frames, bars trimmed, every region). Hashes under PDQ_MIN_QUALITY are skipped (the
 * fingerprint functions already drop them; the filter is repeated here because a flat reference
 * hash would match every flat frame). Each hash keeps its file's SHA-256, frame and region.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Kysely } from 'kysely';
import type { HashReferenceMediaInput } from '../../contracts';
import { addBankHashes, ensureReferenceBank, type NewBankHash } from '../../db/queries/hash-banks';
import type { MediaStore } from '../../db/media-store';
import type { Database } from '../../db/schema';
import { fingerprintImage } from '../fingerprint/image';
import { PDQ_MATCH_THRESHOLD, PDQ_MIN_QUALITY } from '../fingerprint/pdq';
import { fingerprintVideo } from '../fingerprint/video';
import { sha256OfFile } from '../media/content-hash';
import { UnreadableMediaError } from '../media/probe';

/**
 * The region hashes of one reference file.
 * @throws ApplicationFailure (non-retryable, UnsupportedMedia) for a type other than image/* or
 * video/*, or a file that does not decode.
 */
export async function referenceHashesOf(filePath: string, mimeType: string, signal?: AbortSignal): Promise<NewBankHash[]> {
  const isImage = mimeType.startsWith('image/');
  if (!isImage && !mimeType.startsWith('video/')) {
    throw ApplicationFailure.nonRetryable(`Reference media must be an image or a video, not ${mimeType}.`, 'UnsupportedMedia');
  }
  let frames;
  try {
    frames = isImage ? (await fingerprintImage(filePath, { signal })).frames : (await fingerprintVideo(filePath, { signal })).frames;
  } catch (error) {
    if (error instanceof UnreadableMediaError) throw ApplicationFailure.nonRetryable(`A reference ${isImage ? 'image' : 'clip'} cannot be decoded: ${error.message}`, 'UnsupportedMedia');
    throw error;
  }
  const mediaSha256 = await sha256OfFile(filePath);
  return frames
    .filter((frame) => frame.quality >= PDQ_MIN_QUALITY)
    .map((frame) => ({ hash: frame.hash, quality: frame.quality, mediaSha256, frameIndex: frame.frameIndex, region: frame.region }));
}

/** PostgreSQL's SQLSTATE for a unique violation (PostgreSQL manual, appendix A). */
const UNIQUE_VIOLATION = '23505';

/**
 * The activity's work (see the contract): idempotent per (claim, entity) bank and per hash. A bank
 * name already taken by another bank gets the claim's id appended instead of failing every retry.
 */
export async function hashReferenceMediaIntoBank(
  db: Kysely<Database>, media: MediaStore, input: HashReferenceMediaInput, signal?: AbortSignal,
): Promise<{ bankId: string; hashes: number }> {
  const hashes: NewBankHash[] = [];
  for (const file of input.files) hashes.push(...(await referenceHashesOf(await media.localPath(file.storageKey), file.mimeType, signal)));
  const save = (name: string) => db.transaction().execute(async (trx) => {
    const bank = await ensureReferenceBank(trx, {
      name, owner: input.owner, entityId: input.entityId, claimId: input.claimId, rule: null, cutoff: PDQ_MATCH_THRESHOLD,
      note: `Reference media of claim ${input.claimId}.`,
    });
    await addBankHashes(trx, bank.id, hashes);
    return bank.id;
  });
  let bankId: string;
  try {
    bankId = await save(input.bankName);
  } catch (error) {
    // Another bank already has this name (bank names are unique): this claim's bank gets the claim's id in its name.
    if ((error as { code?: string; constraint?: string }).code !== UNIQUE_VIOLATION) throw error;
    bankId = await save(`${input.bankName} (claim ${input.claimId.slice(0, 8)})`);
  }
  const row = await db.selectFrom('bank_hashes').select((eb) => eb.fn.countAll<string>().as('n')).where('bank_id', '=', bankId).executeTakeFirstOrThrow();
  return { bankId, hashes: Number(row.n) };
}
