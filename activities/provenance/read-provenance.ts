/**
 * Reads and validates the C2PA manifest of an MP4/MOV video or a JPEG/PNG/WebP image through
 * @contentauth/c2pa-node (c2pa-rs), for the pipeline's check after signing, the catalogue's
 * re-verification and /api/verify. Nothing is fetched from the network (see ./c2pa-settings.ts).
 *
 * Whether C2PA data is present is decided by Loupe's own reading of the file (./container.ts), not
 * by whether the library returns a manifest: a store the library cannot resolve reads Invalid with
 * `UNREADABLE_MANIFEST_STORE_CODE`, never "no credentials".
 */
import { Reader } from '@contentauth/c2pa-node';
import type { ProvenanceReport } from '../../contracts/provenance-report';
import { c2paSettings } from './c2pa-settings';
import { carriesC2pa, inspectContainer, type ContainerFacts } from './container';
import { emptyReport, provenanceReportFrom, unreadableManifestStoreReport } from './report-mapping';

/** A file's provenance report and what Loupe found in its structure. */
export interface FileProvenance {
  report: ProvenanceReport;
  container: ContainerFacts;
}

/**
 * Reads and validates the C2PA manifest of a video or image file.
 *
 * `trustAnchorsPem` is the set of roots whose signatures count as Trusted (Loupe's own CA, plus
 * any configured ones); with null nothing is trusted, so a good signature reads as Valid.
 * A file without C2PA data gives `manifestPresent: false` and a null state; C2PA data that the
 * library cannot read (or reads as nothing) gives `manifestPresent: true`, `Invalid`.
 * Throws `MediaContainerError` (./container-error.ts) for a file that is not one of the formats or
 * whose structure is broken, an `Error` naming the path for a file that cannot be opened, and
 * `UnexpectedManifestStoreError` (./manifest-store.ts) for a reader answer of an unexpected shape.
 */
export async function readFileProvenance(filePath: string, trustAnchorsPem: string | null): Promise<FileProvenance> {
  const container = await inspectContainer(filePath, 'file to verify');
  let storeJson: unknown;
  try {
    const reader = await Reader.fromAsset({ path: filePath, mimeType: container.mimeType }, c2paSettings(trustAnchorsPem));
    storeJson = reader === null ? null : reader.json();
  } catch {
    // The structure walked (above), so a reader failure is about the C2PA data, decided below by
    // whether there is any; the library's message is for developers and is not passed on.
    storeJson = null;
  }
  if (storeJson !== null) return { report: provenanceReportFrom(storeJson), container };
  return { report: carriesC2pa(container) ? unreadableManifestStoreReport() : emptyReport(), container };
}

/** The provenance report of a video or image file (see readFileProvenance for what it throws). */
export async function readProvenance(filePath: string, trustAnchorsPem: string | null): Promise<ProvenanceReport> {
  return (await readFileProvenance(filePath, trustAnchorsPem)).report;
}
