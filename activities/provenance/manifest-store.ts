/**
 * The manifest-store JSON that @contentauth/c2pa-node's `Reader.json()` returns (c2pa-rs's
 * `ManifestStore` serialised with serde), described with zod: only the parts Loupe reads.
 *
 * Two kinds of field, checked differently:
 * - what c2pa-rs itself writes (the manifest map, validation state and results, signature info,
 *   ingredient fields): its types are fixed by the library, so a value of another type means the
 *   library changed shape, and parsing stops with an `UnexpectedManifestStoreError` naming where;
 * - what the signer wrote (an assertion's `data`, an ingredient's metadata values): any file from
 *   anyone must still produce a report, so these stay `unknown` here and are read field by field
 *   by ./report-mapping.ts, where a value that does not fit is simply not reported.
 * Keys not named here are allowed and ignored.
 */
import { z } from 'zod';

/** One validation status (C2PA 2.x §15): a code, and c2pa-rs's explanation and JUMBF URL. */
const validationStatusSchema = z.object({
  code: z.string(),
  explanation: z.string().nullish(),
  url: z.string().nullish(),
});

/** The three status lists c2pa-rs groups a manifest's results into. */
const statusCodesSchema = z.object({
  success: z.array(validationStatusSchema).nullish(),
  informational: z.array(validationStatusSchema).nullish(),
  failure: z.array(validationStatusSchema).nullish(),
});

const signatureInfoSchema = z.object({
  issuer: z.string().nullish(),
  common_name: z.string().nullish(),
  /** RFC 3339 time from a time-stamp token; absent without a time-stamp authority. */
  time: z.string().nullish(),
});

const ingredientSchema = z.object({
  title: z.string().nullish(),
  relationship: z.string().nullish(),
  format: z.string().nullish(),
  /** The ingredient's validation when it was added (v3 ingredients). */
  validation_results: z.object({ activeManifest: statusCodesSchema.nullish() }).nullish(),
  /** Older ingredients: a flat list of problems only. */
  validation_status: z.array(validationStatusSchema).nullish(),
  /** Written by the signer (Loupe puts its video id and image hash here): values are not trusted for type. */
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const assertionSchema = z.object({
  label: z.string(),
  /** Written by the signer. */
  data: z.unknown(),
});

const manifestSchema = z.object({
  assertions: z.array(assertionSchema).nullish(),
  ingredients: z.array(ingredientSchema).nullish(),
  signature_info: signatureInfoSchema.nullish(),
});

const manifestStoreSchema = z.object({
  active_manifest: z.string().nullish(),
  manifests: z.record(z.string(), manifestSchema).nullish(),
  validation_state: z.enum(['Invalid', 'Valid', 'Trusted']).nullish(),
  /** Results of the active manifest, and changes in an ingredient's results since it was added. */
  validation_results: z
    .object({
      activeManifest: statusCodesSchema.nullish(),
      ingredientDeltas: z.array(z.object({ validationDeltas: statusCodesSchema.nullish() })).nullish(),
    })
    .nullish(),
  /** Older shape: a flat list of problems only. */
  validation_status: z.array(validationStatusSchema).nullish(),
});

/** The parts of a manifest store Loupe reads (see the module comment for what is checked how). */
export type ManifestStore = z.infer<typeof manifestStoreSchema>;
/** One manifest of the store. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One validation status entry. */
export type ValidationStatus = z.infer<typeof validationStatusSchema>;
/** Success, informational and failure lists. */
export type StatusCodes = z.infer<typeof statusCodesSchema>;

/** The reader's JSON does not have the shape c2pa-node 0.8 gives it; `issues` says where. */
export class UnexpectedManifestStoreError extends Error {
  override readonly name = 'UnexpectedManifestStoreError';
  constructor(readonly issues: string[]) {
    super(
      `The C2PA reader returned a manifest store Loupe does not understand (${issues.join('; ')}); ` +
        'the @contentauth/c2pa-node version may have changed what it reports.',
    );
  }
}

/**
 * Checks the reader's JSON and returns the parts Loupe reads. Throws `UnexpectedManifestStoreError`
 * (at most three places named, e.g. "manifests.urn:c2pa:….signature_info.issuer: expected string")
 * when a field c2pa-rs writes has another type than the library gives it.
 */
export function parseManifestStore(json: unknown): ManifestStore {
  const parsed = manifestStoreSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new UnexpectedManifestStoreError(
    parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || 'the whole store'}: ${issue.message}`),
  );
}
