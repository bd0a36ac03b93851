/**
 * What Loupe reads out of a file's C2PA manifest store: the report the /verify page, the provenance
 * audit and the console show. Produced by activities/provenance (reading with c2pa-node); shared
 * here because workflows and the app carry it without reading any manifest themselves.
 */

/** Loupe's own assertion (label `org.loupe.request`) in a clip's manifest. */
export interface LoupeProvenanceAssertion {
  requestId: string;
  policyVersion: string;
  /** SHA-256 (hex) of the prompt. The prompt text itself never goes into a manifest. */
  promptSha256: string;
  /**
   * Identifies the moderation outcome the clip was published under: "sha256:" + the SHA-256 of
   * the outcome JSON the pipeline wrote to videos.moderation, so it can be checked against it.
   */
  moderationOutcomeId?: string;
}

/** One validation status (C2PA 2.x, "Validation"): its code, an explanation, the JUMBF URL it is about. */
export interface ValidationCode {
  code: string;
  explanation?: string;
  url?: string;
  kind: 'success' | 'informational' | 'failure';
}

/** Something the file was made from, as its manifest records it. */
export interface ProvenanceIngredient {
  title: string;
  relationship: string;
  videoId?: string;
  format?: string;
  sourceImageSha256?: string;
  /**
   * The ingredient's own Content Credentials as validated when it was added to the file's manifest
   * (C2PA 2.x: an ingredient keeps its validation results): present when the ingredient failed a
   * check, an untrusted signer included (state Valid then; Invalid for any other failure). `codes`
   * are its failures and notes (successes are left out). Absent for a clean ingredient and for one
   * without credentials of its own.
   */
  validation?: { state: 'Invalid' | 'Valid' | 'Trusted'; codes: ValidationCode[] };
}

/** A file's provenance as read from its C2PA manifest store (all null or empty when it has none). */
export interface ProvenanceReport {
  manifestPresent: boolean;
  validationState: 'Invalid' | 'Valid' | 'Trusted' | null;
  validationCodes: ValidationCode[];
  signer: { issuer: string | null; commonName: string | null; time: string | null } | null;
  actions: { action: string; digitalSourceType?: string; softwareAgent?: string }[];
  ingredients: ProvenanceIngredient[];
  loupe: LoupeProvenanceAssertion | null;
  activeManifestLabel: string | null;
  /** The library's full manifest-store JSON, for the manifest tree on /verify. */
  manifestStore: unknown;
}
