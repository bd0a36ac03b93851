/** The provenance signals the console filters on. Pure data (no database code), so pages may import it. */
export const PROVENANCE_SIGNALS = ['manifest', 'signature', 'trust', 'watermark', 'fingerprint', 'unverified'] as const;
export type ProvenanceSignal = (typeof PROVENANCE_SIGNALS)[number];
