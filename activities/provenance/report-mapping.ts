/**
 * Maps the reader's manifest-store JSON (./manifest-store.ts) to Loupe's provenance report
 * (contracts/provenance-report.ts): what the console, /api/verify and the audit show and store.
 *
 * Signer-written content (assertion data, ingredient metadata) is read with the small schemas
 * below and `safeParse`: an entry that does not fit is left out of the report, exactly as if it
 * were absent, because a file signed by anyone must still get a report.
 */
import { z } from 'zod';
import type { LoupeProvenanceAssertion, ProvenanceIngredient, ProvenanceReport, ValidationCode } from '../../contracts/provenance-report';
import { ingredientValidationState, UNREADABLE_MANIFEST_STORE_CODE } from '../../policies/provenance-status-codes';
import { LOUPE_ASSERTION_LABEL, LOUPE_SOURCE_IMAGE_SHA256_KEY, LOUPE_VIDEO_ID_KEY, LOUPE_WATERMARK_PARAM } from './manifest';
import { parseManifestStore, type Manifest, type ManifestStore, type StatusCodes, type ValidationStatus } from './manifest-store';

/** A string the signer wrote; anything else reads as absent. */
const signerString = z.string().optional().catch(undefined);

/** One action of a `c2pa.actions` assertion; `softwareAgent` is a string (v1) or ClaimGeneratorInfo (v2). */
const actionSchema = z.object({
  action: z.string(),
  digitalSourceType: signerString,
  softwareAgent: z
    .union([z.string(), z.object({ name: z.string(), version: signerString })])
    .optional()
    .catch(undefined),
  parameters: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

const actionsDataSchema = z.object({ actions: z.array(z.unknown()) });

const loupeAssertionSchema = z.object({
  requestId: z.string(),
  policyVersion: z.string(),
  promptSha256: z.string(),
  moderationOutcomeId: signerString,
});

/** c2pa.actions, c2pa.actions.v2, and their multiple-instance forms (c2pa.actions__1, ...). */
const ACTIONS_LABEL = /^c2pa\.actions(\.v2)?(__\d+)?$/;

/**
 * Maps the reader's manifest-store JSON to a report. Throws `UnexpectedManifestStoreError` when a
 * field c2pa-rs writes has another type than the library gives it (see ./manifest-store.ts).
 */
export function provenanceReportFrom(storeJson: unknown): ProvenanceReport {
  const store = parseManifestStore(storeJson);
  const activeLabel = store.active_manifest ?? null;
  const active = activeManifestOf(store);
  return {
    manifestPresent: true,
    validationState: store.validation_state ?? null,
    validationCodes: validationCodesOf(store),
    signer: active?.signature_info
      ? {
          issuer: active.signature_info.issuer ?? null,
          commonName: active.signature_info.common_name ?? null,
          time: active.signature_info.time ?? null,
        }
      : null,
    actions: actionsOf(active).map(({ action, digitalSourceType, softwareAgent }) => {
      const agent = softwareAgentText(softwareAgent);
      return {
        action,
        ...(digitalSourceType !== undefined ? { digitalSourceType } : {}),
        ...(agent ? { softwareAgent: agent } : {}),
      };
    }),
    ingredients: (active?.ingredients ?? []).map(ingredientOf),
    loupe: loupeAssertionOf(active),
    activeManifestLabel: activeLabel,
    manifestStore: storeJson,
  };
}

/** The report of a file that carries no C2PA manifest. */
export function emptyReport(): ProvenanceReport {
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

/**
 * The report of a file that carries C2PA data (found by ./container.ts) from which the reader got no
 * manifest: present, Invalid, with Loupe's code for it. The library's own message is not included:
 * it is for developers, and the report reaches the public.
 */
export function unreadableManifestStoreReport(): ProvenanceReport {
  return {
    ...emptyReport(),
    manifestPresent: true,
    validationState: 'Invalid',
    validationCodes: [{ code: UNREADABLE_MANIFEST_STORE_CODE, explanation: 'A C2PA box is present but no manifest could be read from it.', kind: 'failure' }],
  };
}

type ManifestIngredient = NonNullable<Manifest['ingredients']>[number];

/** One ingredient of the active manifest, with its own validation when it failed a check. */
function ingredientOf(ingredient: ManifestIngredient): ProvenanceIngredient {
  const videoId = ingredient.metadata?.[LOUPE_VIDEO_ID_KEY];
  const sourceImageSha256 = ingredient.metadata?.[LOUPE_SOURCE_IMAGE_SHA256_KEY];
  const codes: ValidationCode[] = [];
  if (ingredient.validation_results) {
    const statuses = ingredient.validation_results.activeManifest;
    for (const kind of ['success', 'informational', 'failure'] as const) {
      for (const status of statuses?.[kind] ?? []) codes.push(validationCode(status, kind));
    }
  } else {
    for (const status of ingredient.validation_status ?? []) codes.push(validationCode(status, 'failure'));
  }
  // Only an ingredient with a failure gets its validation in the report: a clean one (a Loupe remix
  // parent) reads as before, and one that failed is never shown as part of a clean chain.
  const failed = codes.some((code) => code.kind === 'failure');
  return {
    title: ingredient.title ?? '',
    // The spec's default relationship when none is written is componentOf.
    relationship: ingredient.relationship ?? 'componentOf',
    ...(typeof videoId === 'string' ? { videoId } : {}),
    ...(typeof ingredient.format === 'string' ? { format: ingredient.format } : {}),
    ...(typeof sourceImageSha256 === 'string' ? { sourceImageSha256 } : {}),
    ...(failed
      ? { validation: { state: ingredientValidationState(codes), codes: codes.filter((code) => code.kind !== 'success') } }
      : {}),
  };
}

/**
 * The watermark label the signed manifest declares (the `org.loupe.visibleWatermark` parameter of
 * an action in the active manifest), or null. Throws like `provenanceReportFrom` on a store of an
 * unexpected shape.
 */
export function declaredWatermark(report: ProvenanceReport): string | null {
  if (report.manifestStore === null || report.manifestStore === undefined) return null;
  for (const action of actionsOf(activeManifestOf(parseManifestStore(report.manifestStore)))) {
    const label = action.parameters?.[LOUPE_WATERMARK_PARAM];
    if (typeof label === 'string') return label;
  }
  return null;
}

function activeManifestOf(store: ManifestStore): Manifest | undefined {
  return store.active_manifest ? store.manifests?.[store.active_manifest] : undefined;
}

function validationCodesOf(store: ManifestStore): ValidationCode[] {
  const codes: ValidationCode[] = [];
  const push = (statuses: StatusCodes | null | undefined) => {
    for (const kind of ['success', 'informational', 'failure'] as const) {
      for (const status of statuses?.[kind] ?? []) codes.push(validationCode(status, kind));
    }
  };
  if (store.validation_results) {
    push(store.validation_results.activeManifest);
    // Changes in an ingredient's validation since it was added (e.g. a parent that no longer
    // validates) are part of the verdict too.
    for (const delta of store.validation_results.ingredientDeltas ?? []) push(delta.validationDeltas);
  } else {
    // Older shape: a flat list of problems only.
    for (const status of store.validation_status ?? []) codes.push(validationCode(status, 'failure'));
  }
  return codes;
}

function validationCode(status: ValidationStatus, kind: ValidationCode['kind']): ValidationCode {
  return {
    code: status.code,
    ...(typeof status.explanation === 'string' ? { explanation: status.explanation } : {}),
    ...(typeof status.url === 'string' ? { url: status.url } : {}),
    kind,
  };
}

/** Every action of the manifest's actions assertions that has an action name, in order. */
function actionsOf(manifest: Manifest | undefined): z.infer<typeof actionSchema>[] {
  const actions: z.infer<typeof actionSchema>[] = [];
  for (const assertion of manifest?.assertions ?? []) {
    if (!ACTIONS_LABEL.test(assertion.label)) continue;
    const data = actionsDataSchema.safeParse(assertion.data);
    if (!data.success) continue;
    for (const entry of data.data.actions) {
      const action = actionSchema.safeParse(entry);
      if (action.success) actions.push(action.data);
    }
  }
  return actions;
}

/** A v1 softwareAgent string as it is; a v2 ClaimGeneratorInfo as "name/version" (or "name"). */
function softwareAgentText(agent: z.infer<typeof actionSchema>['softwareAgent']): string | undefined {
  if (agent === undefined || typeof agent === 'string') return agent;
  return agent.version !== undefined ? `${agent.name}/${agent.version}` : agent.name;
}

/** The first Loupe assertion whose required fields are all strings, or null. */
function loupeAssertionOf(manifest: Manifest | undefined): LoupeProvenanceAssertion | null {
  for (const assertion of manifest?.assertions ?? []) {
    if (assertion.label !== LOUPE_ASSERTION_LABEL) continue;
    const data = loupeAssertionSchema.safeParse(assertion.data);
    if (!data.success) continue;
    const { requestId, policyVersion, promptSha256, moderationOutcomeId } = data.data;
    return { requestId, policyVersion, promptSha256, ...(moderationOutcomeId !== undefined ? { moderationOutcomeId } : {}) };
  }
  return null;
}
