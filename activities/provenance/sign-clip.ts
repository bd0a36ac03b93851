/**
 * Signs a generated MP4/MOV with Loupe's C2PA manifest, through @contentauth/c2pa-node (c2pa-rs).
 * MP4 gets the BMFF hash binding (`c2pa.hash.bmff.v3`), which the library picks for ISO-BMFF
 * input by itself.
 *
 * Nothing here touches the network by default: a time-stamp authority is called only when one is
 * configured (C2PA_TSA_URL, via the signer's `tsaUrl`). Without it a signature carries no trusted
 * signing time; the actions' `when` fields record Loupe's own clock instead.
 */
import { Builder, CallbackSigner } from '@contentauth/c2pa-node';
import type { LoupeProvenanceAssertion } from '../../contracts/provenance-report';
import { writeFileAtomically } from '../../db/atomic-file';
import { requireVideo } from './container';
import { c2paSettings } from './c2pa-settings';
import { errorMessage } from './error-message';
import {
  clipManifestDefinition,
  remixParentIngredient,
  sourceImageIngredient,
  type IngredientDefinition,
} from './manifest';
import { localSigner, type ContentSigner } from './signer';
import type { SigningMaterial } from './signing-material';

/** What to sign, into where, and what the manifest should say. */
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
   * as an `inputTo` ingredient (its format, and its SHA-256 as ingredient metadata). `path` is the
   * stored image (metadata removed), which the generator used.
   */
  sourceImage?: {
    path: string;
    sha256: string;
    mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
    /**
     * The upload exactly as it arrived, when it carried a C2PA manifest store. The ingredient is then
     * made from these bytes, as C2PA intends: c2pa-rs validates the upload's manifest against the
     * bytes it was signed over and carries the manifest and its validation results into the clip's
     * manifest, so a source image that failed its own check shows that failure in the clip.
     */
    credentials?: { path: string; mimeType: 'image/png' | 'image/jpeg' | 'image/webp' };
  };
  /**
   * Who signs. Omitted: a local signer over `material`'s key. A callback signer lets a KMS/HSM
   * hold the key; `material` still supplies the trust anchors used to check a remix parent.
   */
  signer?: ContentSigner;
}

/**
 * Signs `inputPath` into `outputPath` (MP4/MOV only). The output appears atomically: the signed
 * file is written next to it under a temporary name and renamed into place, so a crash or a
 * failed signature never leaves a half-written clip at `outputPath`. Safe to re-run.
 *
 * Throws an `Error` with a sentence naming the file when the clip, the parent or the source image
 * cannot be used, or when c2pa-rs refuses to build or sign the manifest.
 */
export async function signClip(input: SignClipInput): Promise<void> {
  const mimeType = await requireVideo(input.inputPath, 'clip to sign');
  const parentMimeType = input.parent ? await requireVideo(input.parent.path, 'remix parent clip') : undefined;
  const contentSigner = input.signer ?? localSigner(input.material);

  const parentIngredient = input.parent ? remixParentIngredient(input.parent) : undefined;
  const imageIngredient = input.sourceImage ? sourceImageIngredient(input.sourceImage) : undefined;
  const manifest = clipManifestDefinition({
    title: input.title,
    format: mimeType,
    generator: input.generator,
    loupe: input.loupe,
    watermark: input.watermark,
    ingredients: [parentIngredient, imageIngredient].filter((ingredient): ingredient is IngredientDefinition => ingredient !== undefined),
    now: new Date(),
  });

  let builder: Builder;
  try {
    // Builder settings matter for the parent ingredient: it is validated when added, and we want
    // that validation to use Loupe's anchors and no network.
    builder = Builder.withJson(manifest, c2paSettings(input.material.trustAnchorsPem));
  } catch (error) {
    throw new Error(`Cannot build the C2PA manifest for ${input.inputPath}: ${errorMessage(error)}`, { cause: error });
  }

  if (input.parent && parentIngredient && parentMimeType) {
    try {
      await builder.addIngredient(JSON.stringify(parentIngredient), { path: input.parent.path, mimeType: parentMimeType });
    } catch (error) {
      throw new Error(`Cannot add remix parent ${input.parent.path} as an ingredient: ${errorMessage(error)}`, { cause: error });
    }
  }

  if (input.sourceImage && imageIngredient) {
    const asset = input.sourceImage.credentials ?? { path: input.sourceImage.path, mimeType: input.sourceImage.mimeType };
    try {
      await builder.addIngredient(JSON.stringify(imageIngredient), asset);
    } catch (error) {
      throw new Error(`Cannot add source image ${asset.path} as an ingredient: ${errorMessage(error)}`, { cause: error });
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

  try {
    // signAsync hashes and writes on the library's own threads, so the event loop (and a
    // Temporal worker's heartbeats) keep running while a large clip is signed. Durable: a signed
    // clip is flushed to disk before it replaces anything.
    await writeFileAtomically(
      input.outputPath,
      async (tempPath) => {
        await builder.signAsync(signer, { path: input.inputPath, mimeType }, { path: tempPath, mimeType });
      },
      { durable: true },
    );
  } catch (error) {
    throw new Error(`Signing ${input.inputPath} into ${input.outputPath} failed: ${errorMessage(error)}`, { cause: error });
  }
}
