/**
 * What /api/verify answers about one file (a visitor's upload or a stored Loupe video): its
 * provenance report, and the published Loupe video its pictures match, if any.
 */
import type { Kysely } from 'kysely';
import type { VerifyFileReport } from '../../contracts';
import type { ValidationCode } from '../../contracts/provenance-report';
import type { Database } from '../../db/schema';
import { explainValidationCode } from '../../policies/provenance-status-codes';
import { fingerprintCatalogueFor } from '../fingerprint/catalogue';
import { fingerprintImage } from '../fingerprint/image';
import { fingerprintVideo, type FrameHash } from '../fingerprint/video';
import { UnreadableMediaError } from '../media/probe';
import type { ContainerFacts } from './container';
import { readFileProvenance } from './read-provenance';

/**
 * A file with neither C2PA data nor a picture Loupe could decode: nothing about it can be checked,
 * so /api/verify refuses it (400) instead of answering "unknown origin".
 */
export class NothingToCheckError extends Error {
  override readonly name = 'NothingToCheckError';
}

/** The sentence for a file whose frames could not be decoded, as a fact beside its manifest check. */
function noFramesSentence(container: ContainerFacts): string {
  if (container.kind === 'image') return 'There are no frames to fingerprint: the picture could not be decoded, so it was not compared with Loupe videos.';
  return container.fragmented
    ? 'There are no frames to fingerprint: this is the initialisation segment of a fragmented video, whose frames are in segments that were not uploaded, so it was not compared with Loupe videos.'
    : 'There are no frames to fingerprint: no frame of the video could be decoded, so it was not compared with Loupe videos.';
}

/**
 * Verification report of a video or image file: its manifest, and the closest published Loupe video
 * by fingerprint. The manifest check does not depend on decoding: a file whose frames cannot be
 * decoded still gets its manifest checked, with `fingerprintProblem` saying why there is no
 * fingerprint. Throws `MediaContainerError` for a file of another format or a broken structure, and
 * `NothingToCheckError` for a file with no C2PA data and no decodable picture.
 */
export async function inspectFile(db: Kysely<Database>, filePath: string, trustAnchorsPem: string | null): Promise<VerifyFileReport> {
  const { report, container } = await readFileProvenance(filePath, trustAnchorsPem);
  const { manifestStore: _store, ...rest } = report;
  let frames: FrameHash[] = [];
  let fingerprintProblem: string | null = null;
  try {
    frames = (container.kind === 'image' ? await fingerprintImage(filePath) : await fingerprintVideo(filePath)).frames;
  } catch (error) {
    if (!(error instanceof UnreadableMediaError)) throw error;
    if (!report.manifestPresent) {
      throw new NothingToCheckError(
        container.kind === 'image'
          ? 'The image has no Content Credentials and its picture could not be decoded: it is damaged or truncated. Upload the complete file.'
          : 'The video has no Content Credentials and none of its frames could be decoded: it is damaged, truncated, or holds no pictures. Upload the complete file.',
      );
    }
    fingerprintProblem = noFramesSentence(container);
  }
  let fingerprintMatch: VerifyFileReport['fingerprintMatch'] = null;
  if (frames.length > 0) {
    const catalogue = fingerprintCatalogueFor(db);
    await catalogue.catchUp();
    const candidates = catalogue.matchVideo(frames);
    if (candidates.length > 0) {
      const published = await db
        .selectFrom('videos')
        .select('id')
        .where('id', 'in', candidates.slice(0, 50).map((candidate) => candidate.videoId))
        .where('status', '=', 'published')
        .execute();
      const visible = new Set(published.map((row) => row.id));
      const best = candidates.find((candidate) => visible.has(candidate.videoId));
      if (best) fingerprintMatch = { ...best };
    }
  }
  const explained = (code: ValidationCode): ValidationCode => ({ ...code, explanation: explainValidationCode(code.code, code.kind) });
  return {
    ...rest,
    validationCodes: rest.validationCodes.map(explained),
    ingredients: rest.ingredients.map((ingredient) =>
      ingredient.validation ? { ...ingredient, validation: { ...ingredient.validation, codes: ingredient.validation.codes.map(explained) } } : ingredient,
    ),
    mediaKind: container.kind,
    fingerprintMatch,
    fingerprintFrames: new Set(frames.map((frame) => frame.frameIndex)).size,
    fingerprintProblem,
  };
}
