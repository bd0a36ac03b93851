/**
 * What Loupe's C2PA manifest says about a clip: the manifest definition (claim generator, title,
 * actions, Loupe's own assertion) and the ingredient definitions of a remix parent and of an
 * image-to-video source image, as the JSON @contentauth/c2pa-node's Builder takes.
 *
 * docs/provenance.md ("The manifest Loupe writes") explains every choice made here; the labels
 * and keys below are also what the report mapping (./report-mapping.ts) reads back.
 */
import type { LoupeProvenanceAssertion } from '../../contracts/provenance-report';
import { loupeVersion } from './loupe-version';

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
/** IPTC digital source type of media created by a trained model (IPTC NewsCodes, digitalsourcetype). */
export const TRAINED_ALGORITHMIC_MEDIA = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';

/** An ingredient as the Builder's `addIngredient` takes it (snake_case keys reach c2pa-rs untouched). */
export interface IngredientDefinition {
  title: string;
  relationship: 'inputTo';
  /** Matched by c2pa-rs against the created action's `org.cai.ingredientIds`. */
  instance_id: string;
  metadata: Record<string, string>;
}

/** What a clip's manifest is made from. */
export interface ClipManifestInput {
  title: string;
  /** MIME type of the signed file (video/mp4 or video/quicktime). */
  format: string;
  generator: { name: string; version: string };
  loupe: LoupeProvenanceAssertion;
  /** Set when a visible watermark was burned into the frames before signing. */
  watermark?: { label: string };
  /** The ingredients the clip was made from, in the order they are added to the Builder. */
  ingredients: IngredientDefinition[];
  /** The clock written into every action's `when` (a signature without a time stamp has no trusted time). */
  now: Date;
}

/**
 * The manifest definition of a generated clip: a `c2pa.created` action by the generator with the
 * trained-model source type (linked to its ingredients), a `c2pa.edited` action by Loupe when a
 * visible watermark was burned in, and Loupe's own assertion.
 */
export function clipManifestDefinition(input: ClipManifestInput): Record<string, unknown> {
  const when = input.now.toISOString();
  const loupeAgent = { name: 'Loupe', version: loupeVersion() };
  // c2pa-rs resolves these ids (matched against each ingredient's instance_id) into hashed-URI
  // `parameters.ingredients`, which is how the created action points at what it was made from.
  const ingredientIds = input.ingredients.map((ingredient) => ingredient.instance_id);

  const actions: Record<string, unknown>[] = [
    {
      action: 'c2pa.created',
      when,
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
      when,
      softwareAgent: loupeAgent,
      description: `Visible watermark "${input.watermark.label}" overlaid on every frame to disclose AI generation.`,
      parameters: { [LOUPE_WATERMARK_PARAM]: input.watermark.label },
    });
  }

  return {
    claim_generator_info: [loupeAgent],
    title: input.title,
    format: input.format,
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
}

/** The ingredient of a remix: the Loupe clip it was made from, with its video id as metadata. */
export function remixParentIngredient(parent: { videoId: string; title: string }): IngredientDefinition {
  return {
    title: parent.title,
    // A remix is a new creation that used the parent as an input, not an edit of it, so
    // `inputTo` (the library's default would be componentOf; parentOf means "edited from").
    relationship: 'inputTo',
    instance_id: `loupe:video:${parent.videoId}`,
    metadata: { [LOUPE_VIDEO_ID_KEY]: parent.videoId },
  };
}

/** The ingredient of an image-to-video clip: the uploaded still, with its SHA-256 (hex) as metadata. */
export function sourceImageIngredient(image: { sha256: string }): IngredientDefinition {
  return {
    title: `Source image ${image.sha256.slice(0, 12)}`,
    // The clip was generated from the image (image-to-video), as a remix is from its parent.
    relationship: 'inputTo',
    instance_id: `loupe:source-image:${image.sha256}`,
    metadata: { [LOUPE_SOURCE_IMAGE_SHA256_KEY]: image.sha256 },
  };
}
