/**
 * C2PA provenance for Loupe clips: sign a generated MP4 with a manifest that says what made it,
 * and read any file's manifest back into a report the console's /verify page can show.
 *
 * Built on @contentauth/c2pa-node (c2pa-rs underneath). MP4 gets the BMFF hash binding
 * (`c2pa.hash.bmff.v3`), which the library picks for ISO-BMFF input by itself.
 *
 * Nothing here touches the network by default: no OCSP, no remote manifests, and a time-stamp
 * authority only when one is configured (C2PA_TSA_URL, via the signer's `tsaUrl`). Without it a
 * signature carries no trusted signing time (`signer.time` is null); the action `when` fields
 * record Loupe's own clock instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Builder, CallbackSigner, Reader } from '@contentauth/c2pa-node';
import type { LoupeProvenanceAssertion, ProvenanceReport } from '../../contracts/provenance-report';
import { type SigningMaterial } from './dev-ca';
import { localSigner, type ContentSigner } from './signer';

export interface SignClipInput {
  inputPath: string;
  outputPath: string;
  material: SigningMaterial;
  title: string;
  generator: { name: string; version: string };
  loupe: LoupeProvenanceAssertion;
  /** Set when a visible watermark was burned into the frames before signing. */
  watermark?: { label: string };
  /** Set for a remix: the clip it was made from, recorded as an `inputTo` ingredient. */
  parent?: { path: string; videoId: string; title: string };
  /**
   * Set for image-to-video: the uploaded still the clip was made from, recorded like a remix parent
   * as an `inputTo` ingredient (its format, and its SHA-256 as ingredient metadata).
   */
  sourceImage?: { path: string; sha256: string; mimeType: 'image/png' | 'image/jpeg' | 'image/webp' };
  /**
   * Who signs. Omitted: a local signer over `material`'s key. A callback signer lets a KMS/HSM
   * hold the key; `material` still supplies the trust anchors used to check a remix parent.
   */
  signer?: ContentSigner;
}

// The report's shape is shared with workflows and the app, so it lives in the neutral contracts module.
export type { LoupeProvenanceAssertion, ProvenanceReport };

/** Label of Loupe's own assertion (reverse-domain, as C2PA requires for custom assertions). */
export const LOUPE_ASSERTION_LABEL = 'org.loupe.request';
/** Ingredient metadata key holding the parent clip's Loupe video id. */
export const LOUPE_VIDEO_ID_KEY = 'org.loupe.videoId';
/**
 * Ingredient metadata key holding a source image's SHA-256. c2pa-rs writes no hash of an ingredient
 * that carries no manifest of its own (the v3 ingredient's `hash` field is dropped), so Loupe records
 * the content hash it stores the image under here.
 */
export const LOUPE_SOURCE_IMAGE_SHA256_KEY = 'org.loupe.sourceImageSha256';
/** Action parameter naming the visible watermark that was applied. */
export const LOUPE_WATERMARK_PARAM = 'org.loupe.visibleWatermark';
export const TRAINED_ALGORITHMIC_MEDIA = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

/**
 * Signs `inputPath` into `outputPath` (MP4/MOV only). The output appears atomically: the signed
 * file is written next to it under a temporary name and renamed into place, so a crash or a
 * failed signature never leaves a half-written clip at `outputPath`. Safe to re-run.
 */
export async function signClip(input: SignClipInput): Promise<void> {
  const mimeType = await requireBmffVideo(input.inputPath, 'clip to sign');
  const parentMimeType = input.parent ? await requireBmffVideo(input.parent.path, 'remix parent clip') : undefined;
  const contentSigner = input.signer ?? localSigner(input.material);

  const now = new Date().toISOString();
  const loupeAgent = { name: 'Loupe', version: loupeVersion() };
  // Remixes link the created action to the parent ingredient. c2pa-rs resolves these ids
  // (matched against the ingredient's instance_id) into hashed-URI `parameters.ingredients`.
  const parentInstanceId = input.parent ? `loupe:video:${input.parent.videoId}` : undefined;
  const sourceImageInstanceId = input.sourceImage ? `loupe:source-image:${input.sourceImage.sha256}` : undefined;
  const ingredientIds = [parentInstanceId, sourceImageInstanceId].filter((id): id is string => id !== undefined);

  const actions: Record<string, unknown>[] = [
    {
      action: 'c2pa.created',
      when: now,
      digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
      softwareAgent: { name: input.generator.name, version: input.generator.version },
      ...(ingredientIds.length > 0 ? { parameters: { 'org.cai.ingredientIds': ingredientIds } } : {}),
    },
  ];
  if (input.watermark) {
    // `c2pa.watermarked` is accepted by c2pa-rs, but the C2PA spec reserves it for *invisible*
    // (soft-binding) watermarks. A visible overlay changes what viewers see, so it is recorded as
    // an edit, with a description and the watermark label as a namespaced parameter.
    actions.push({
      action: 'c2pa.edited',
      when: now,
      softwareAgent: loupeAgent,
      description: `Visible watermark "${input.watermark.label}" overlaid on every frame to disclose AI generation.`,
      parameters: { [LOUPE_WATERMARK_PARAM]: input.watermark.label },
    });
  }

  const manifest = {
    claim_generator_info: [loupeAgent],
    title: input.title,
    format: mimeType,
    assertions: [
      // Written as v1-style JSON; the builder emits it as `c2pa.actions.v2` for claim v2.
      { label: 'c2pa.actions', data: { actions } },
      {
        label: LOUPE_ASSERTION_LABEL,
        data: {
          requestId: input.loupe.requestId,
          policyVersion: input.loupe.policyVersion,
          promptSha256: input.loupe.promptSha256,
          ...(input.loupe.moderationOutcomeId ? { moderationOutcomeId: input.loupe.moderationOutcomeId } : {}),
        },
      },
    ],
  };

  let builder: Builder;
  try {
    // Builder settings matter for the parent ingredient: it is validated when added, and we want
    // that validation to use Loupe's anchors and no network.
    builder = Builder.withJson(manifest, c2paSettings(input.material.trustAnchorsPem));
  } catch (error) {
    throw new Error(`Cannot build the C2PA manifest for ${input.inputPath}: ${errorMessage(error)}`);
  }

  if (input.parent && parentInstanceId && parentMimeType) {
    const ingredient = {
      title: input.parent.title,
      // A remix is a new creation that used the parent as an input, not an edit of it, so
      // `inputTo` (the library's default would be componentOf; parentOf means "edited from").
      relationship: 'inputTo',
      instance_id: parentInstanceId,
      metadata: { [LOUPE_VIDEO_ID_KEY]: input.parent.videoId },
    };
    try {
      await builder.addIngredient(JSON.stringify(ingredient), { path: input.parent.path, mimeType: parentMimeType });
    } catch (error) {
      throw new Error(`Cannot add remix parent ${input.parent.path} as an ingredient: ${errorMessage(error)}`);
    }
  }

  if (input.sourceImage && sourceImageInstanceId) {
    const ingredient = {
      title: `Source image ${input.sourceImage.sha256.slice(0, 12)}`,
      // The clip was generated from the image (image-to-video), as a remix is from its parent.
      relationship: 'inputTo',
      instance_id: sourceImageInstanceId,
      metadata: { [LOUPE_SOURCE_IMAGE_SHA256_KEY]: input.sourceImage.sha256 },
    };
    try {
      await builder.addIngredient(JSON.stringify(ingredient), { path: input.sourceImage.path, mimeType: input.sourceImage.mimeType });
    } catch (error) {
      throw new Error(`Cannot add source image ${input.sourceImage.path} as an ingredient: ${errorMessage(error)}`);
    }
  }

  const signer = CallbackSigner.newSigner(
    {
      alg: 'es256',
      certs: [Buffer.from(contentSigner.certChainPem)],
      // Room for the COSE signature, the certificate chain (PEM length bounds the DER size) and,
      // with a time-stamp authority, its token.
      reserveSize: 10_240 + Buffer.byteLength(contentSigner.certChainPem) + (contentSigner.tsaUrl ? 16_384 : 0),
      ...(contentSigner.tsaUrl ? { tsaUrl: contentSigner.tsaUrl } : {}),
      directCoseHandling: false,
    },
    // COSE wants ECDSA signatures as raw r||s (IEEE P1363), not DER; the signer returns that.
    (data: Buffer) => contentSigner.sign(data),
  );

  const outputDir = path.dirname(path.resolve(input.outputPath));
  const tempPath = path.join(
    outputDir,
    `.${path.basename(input.outputPath)}.${process.pid}-${randomBytes(6).toString('hex')}.partial`,
  );
  try {
    // signAsync hashes and writes on the library's own threads, so the event loop (and a
    // Temporal worker's heartbeats) keep running while a large clip is signed.
    await builder.signAsync(signer, { path: input.inputPath, mimeType }, { path: tempPath, mimeType });
    await fsyncFile(tempPath);
    await rename(tempPath, input.outputPath);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw new Error(`Signing ${input.inputPath} into ${input.outputPath} failed: ${errorMessage(error)}`);
  }
}

/**
 * Reads and validates the C2PA manifest of a video file.
 *
 * `trustAnchorsPem` is the set of roots whose signatures count as Trusted (Loupe's own CA, plus
 * any configured ones); with null nothing is trusted, so a good signature reads as Valid.
 * A file without a manifest gives `manifestPresent: false` and a null state; a manifest so broken
 * that the library cannot parse it gives `Invalid` with a `general.error` code. Files that are
 * missing, unreadable or not MP4/MOV throw.
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
    throw new Error(`Cannot read provenance from ${filePath}: ${errorMessage(error)}`);
  }
  if (reader === null) return emptyReport();

  const store: unknown = reader.json();
  const storeObj = asRecord(store) ?? {};
  const activeLabel = typeof storeObj.active_manifest === 'string' ? storeObj.active_manifest : null;
  const active = activeLabel ? asRecord(asRecord(storeObj.manifests)?.[activeLabel]) : undefined;

  return {
    manifestPresent: true,
    validationState: parseValidationState(storeObj.validation_state),
    validationCodes: parseValidationCodes(storeObj),
    signer: parseSigner(active?.signature_info),
    actions: parseActions(active?.assertions),
    ingredients: parseIngredients(active?.ingredients),
    loupe: parseLoupeAssertion(active?.assertions),
    activeManifestLabel: activeLabel,
    manifestStore: store,
  };
}

// ---------------------------------------------------------------------------------------------
// Settings and signer

/**
 * c2pa-rs settings (snake_case, passed as JSON so keys reach Rust untouched). Trust is checked
 * against exactly the given anchors; every network lookup is off because Loupe must not reach
 * the internet at run time.
 */
function c2paSettings(trustAnchorsPem: string | null): string {
  return JSON.stringify({
    trust: trustAnchorsPem && trustAnchorsPem.trim() !== '' ? { trust_anchors: trustAnchorsPem } : {},
    verify: {
      verify_trust: true,
      ocsp_fetch: false,
      remote_manifest_fetch: false,
    },
    builder: { thumbnail: { enabled: false } },
  });
}

let cachedVersion: string | undefined;

/** Loupe's version for claim_generator_info, read from the project's package.json. */
function loupeVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = '0.0.0';
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'loupe' && typeof pkg.version === 'string') {
          cachedVersion = pkg.version;
          break;
        }
      } catch {
        /* keep walking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cachedVersion;
}

// ---------------------------------------------------------------------------------------------
// Container checks (ISO BMFF: MP4 / MOV)

/** UUID of the top-level box that carries a C2PA manifest store in BMFF files. */
const C2PA_BOX_UUID = Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex');

interface TopLevelBox {
  type: string;
  offset: number;
  size: number;
  uuid?: Buffer;
}

/**
 * Confirms the file exists, is readable, and is an ISO-BMFF video whose top-level boxes tile the
 * file; returns the MIME type to hand to c2pa-rs (we never rely on the file extension).
 */
async function requireBmffVideo(filePath: string, what: string): Promise<string> {
  let info;
  try {
    info = await stat(filePath);
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${filePath}: ${errorMessage(error)}`);
  }
  if (!info.isFile()) throw new Error(`The ${what} ${filePath} is not a regular file.`);
  const boxes = await readTopLevelBoxes(filePath, what);
  const ftyp = boxes[0];
  if (!ftyp || ftyp.type !== 'ftyp') {
    throw new Error(`The ${what} ${filePath} is not an MP4/MOV video (it does not start with an ftyp box).`);
  }
  if (!boxes.some((box) => box.type === 'moov')) {
    throw new Error(`The ${what} ${filePath} is not a playable MP4/MOV video (it has no moov box).`);
  }
  const handle = await open(filePath, 'r');
  try {
    const brand = Buffer.alloc(4);
    await handle.read(brand, 0, 4, ftyp.offset + 8);
    return brand.toString('latin1') === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  } finally {
    await handle.close();
  }
}

async function readTopLevelBoxes(filePath: string, what: string): Promise<TopLevelBox[]> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${filePath}: ${errorMessage(error)}`);
  }
  const notVideo = (why: string) =>
    new Error(`The ${what} ${filePath} is not a valid MP4/MOV video (${why}).`);
  try {
    const { size: fileSize } = await handle.stat();
    const boxes: TopLevelBox[] = [];
    const header = Buffer.alloc(32);
    let offset = 0;
    while (offset < fileSize) {
      if (fileSize - offset < 8) throw notVideo(`${fileSize - offset} stray bytes at offset ${offset}`);
      const { bytesRead } = await handle.read(header, 0, 32, offset);
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (size === 1) {
        if (bytesRead < 16) throw notVideo(`truncated box header at offset ${offset}`);
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = fileSize - offset; // box runs to the end of the file
      }
      if (!/^[\x20-\x7e]{4}$/.test(type) || size < headerSize || offset + size > fileSize) {
        throw notVideo(`bad box "${type.replace(/[^\x20-\x7e]/g, '?')}" of ${size} bytes at offset ${offset}`);
      }
      const box: TopLevelBox = { type, offset, size };
      if (type === 'uuid' && bytesRead >= headerSize + 16) {
        box.uuid = Buffer.from(header.subarray(headerSize, headerSize + 16));
      }
      boxes.push(box);
      offset += size;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}

async function hasC2paBox(filePath: string): Promise<boolean> {
  try {
    const boxes = await readTopLevelBoxes(filePath, 'file');
    return boxes.some((box) => box.type === 'uuid' && box.uuid?.equals(C2PA_BOX_UUID));
  } catch {
    return false;
  }
}

async function fsyncFile(filePath: string): Promise<void> {
  const handle = await open(filePath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report parsing. The library's JSON is typed loosely (its type package is not installed), so
// every field is checked rather than trusted.

function emptyReport(): ProvenanceReport {
  return {
    manifestPresent: false,
    validationState: null,
    validationCodes: [],
    signer: null,
    actions: [],
    ingredients: [],
    loupe: null,
    activeManifestLabel: null,
    manifestStore: null,
  };
}

function unparseableManifestReport(reason: string): ProvenanceReport {
  return {
    ...emptyReport(),
    manifestPresent: true,
    validationState: 'Invalid',
    // `general.error` is C2PA's code for a failure not covered by a more specific one.
    validationCodes: [{ code: 'general.error', explanation: `manifest could not be parsed: ${reason}`, kind: 'failure' }],
  };
}

function parseValidationState(value: unknown): ProvenanceReport['validationState'] {
  return value === 'Invalid' || value === 'Valid' || value === 'Trusted' ? value : null;
}

type ValidationCode = ProvenanceReport['validationCodes'][number];

function parseValidationCodes(store: Record<string, unknown>): ValidationCode[] {
  const codes: ValidationCode[] = [];
  const results = asRecord(store.validation_results);
  const pushStatuses = (statuses: Record<string, unknown> | undefined) => {
    for (const kind of ['success', 'informational', 'failure'] as const) {
      for (const entry of asArray(statuses?.[kind])) {
        const code = toCode(entry, kind);
        if (code) codes.push(code);
      }
    }
  };
  if (results) {
    pushStatuses(asRecord(results.activeManifest));
    // Changes in an ingredient's validation since it was added (e.g. a parent that no longer
    // validates) are part of the verdict too.
    for (const delta of asArray(results.ingredientDeltas)) {
      pushStatuses(asRecord(asRecord(delta)?.validationDeltas));
    }
  } else {
    // Older shape: a flat list of problems only.
    for (const entry of asArray(store.validation_status)) {
      const code = toCode(entry, 'failure');
      if (code) codes.push(code);
    }
  }
  return codes;
}

function toCode(entry: unknown, kind: ValidationCode['kind']): ValidationCode | undefined {
  const record = asRecord(entry);
  if (!record || typeof record.code !== 'string') return undefined;
  return {
    code: record.code,
    ...(typeof record.explanation === 'string' ? { explanation: record.explanation } : {}),
    ...(typeof record.url === 'string' ? { url: record.url } : {}),
    kind,
  };
}

function parseSigner(value: unknown): ProvenanceReport['signer'] {
  const info = asRecord(value);
  if (!info) return null;
  return {
    issuer: typeof info.issuer === 'string' ? info.issuer : null,
    commonName: typeof info.common_name === 'string' ? info.common_name : null,
    time: typeof info.time === 'string' ? info.time : null,
  };
}

function parseActions(assertions: unknown): ProvenanceReport['actions'] {
  const result: ProvenanceReport['actions'] = [];
  for (const assertion of asArray(assertions)) {
    const record = asRecord(assertion);
    const label = typeof record?.label === 'string' ? record.label : '';
    // c2pa.actions, c2pa.actions.v2, and their multiple-instance forms (c2pa.actions__1, ...).
    if (!/^c2pa\.actions(\.v2)?(__\d+)?$/.test(label)) continue;
    for (const action of asArray(asRecord(record?.data)?.actions)) {
      const a = asRecord(action);
      if (!a || typeof a.action !== 'string') continue;
      const agent = formatSoftwareAgent(a.softwareAgent);
      result.push({
        action: a.action,
        ...(typeof a.digitalSourceType === 'string' ? { digitalSourceType: a.digitalSourceType } : {}),
        ...(agent ? { softwareAgent: agent } : {}),
      });
    }
  }
  return result;
}

/** softwareAgent is a string (v1) or a ClaimGeneratorInfo {name, version} (v2): "name/version". */
function formatSoftwareAgent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const info = asRecord(value);
  if (!info || typeof info.name !== 'string') return undefined;
  return typeof info.version === 'string' ? `${info.name}/${info.version}` : info.name;
}

function parseIngredients(value: unknown): ProvenanceReport['ingredients'] {
  const result: ProvenanceReport['ingredients'] = [];
  for (const entry of asArray(value)) {
    const ingredient = asRecord(entry);
    if (!ingredient) continue;
    const videoId = asRecord(ingredient.metadata)?.[LOUPE_VIDEO_ID_KEY];
    const sourceImageSha256 = asRecord(ingredient.metadata)?.[LOUPE_SOURCE_IMAGE_SHA256_KEY];
    result.push({
      title: typeof ingredient.title === 'string' ? ingredient.title : '',
      // The spec's default relationship when none is written is componentOf.
      relationship: typeof ingredient.relationship === 'string' ? ingredient.relationship : 'componentOf',
      ...(typeof videoId === 'string' ? { videoId } : {}),
      ...(typeof ingredient.format === 'string' ? { format: ingredient.format } : {}),
      ...(typeof sourceImageSha256 === 'string' ? { sourceImageSha256 } : {}),
    });
  }
  return result;
}

function parseLoupeAssertion(assertions: unknown): LoupeProvenanceAssertion | null {
  for (const assertion of asArray(assertions)) {
    const record = asRecord(assertion);
    if (record?.label !== LOUPE_ASSERTION_LABEL) continue;
    const data = asRecord(record.data);
    if (
      typeof data?.requestId === 'string' &&
      typeof data.policyVersion === 'string' &&
      typeof data.promptSha256 === 'string'
    ) {
      return {
        requestId: data.requestId,
        policyVersion: data.policyVersion,
        promptSha256: data.promptSha256,
        ...(typeof data.moderationOutcomeId === 'string' ? { moderationOutcomeId: data.moderationOutcomeId } : {}),
      };
    }
  }
  return null;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
