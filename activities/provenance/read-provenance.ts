/**
 * Reads and validates the C2PA manifest of any MP4/MOV through @contentauth/c2pa-node (c2pa-rs),
 * for the pipeline's check after signing, the catalogue's re-verification and /api/verify.
 * Nothing is fetched from the network (see ./c2pa-settings.ts).
 */
import { Reader } from '@contentauth/c2pa-node';
import type { ProvenanceReport } from '../../contracts/provenance-report';
import { hasC2paBox, requireBmffVideo } from './bmff';
import { c2paSettings } from './c2pa-settings';
import { errorMessage } from './error-message';
import { emptyReport, provenanceReportFrom, unparseableManifestReport } from './report-mapping';

/**
 * Reads and validates the C2PA manifest of a video file.
 *
 * `trustAnchorsPem` is the set of roots whose signatures count as Trusted (Loupe's own CA, plus
 * any configured ones); with null nothing is trusted, so a good signature reads as Valid.
 * A file without a manifest gives `manifestPresent: false` and a null state; a manifest so broken
 * that the library cannot parse it gives `Invalid` with a `general.error` code. Files that are
 * missing, unreadable or not MP4/MOV throw an `Error` with a sentence naming the file; a reader
 * answer of an unexpected shape throws `UnexpectedManifestStoreError` (./manifest-store.ts).
 */
export async function readProvenance(filePath: string, trustAnchorsPem: string | null): Promise<ProvenanceReport> {
  const mimeType = await requireBmffVideo(filePath, 'file to verify');
  let reader: Reader | null;
  try {
    reader = await Reader.fromAsset({ path: filePath, mimeType }, c2paSettings(trustAnchorsPem));
  } catch (error) {
    // The container parsed (checked above); if it carries a C2PA box the failure is the
    // manifest's, which is a verification result (Invalid), not an I/O problem.
    if (await hasC2paBox(filePath)) return unparseableManifestReport(errorMessage(error));
    throw new Error(`Cannot read provenance from ${filePath}: ${errorMessage(error)}`, { cause: error });
  }
  if (reader === null) return emptyReport();
  return provenanceReportFrom(reader.json());
}
