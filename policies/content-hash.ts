/**
 * Content hashes for versioned policy data, and Loupe's one hex SHA-256 of a string.
 *
 * A policy's version is the SHA-256 of its canonical JSON, so two processes that load the same
 * rules (and the same registries) agree on the version without coordinating, and any change to a
 * term, threshold or registry entry yields a new version. The digest comes from `@noble/hashes`
 * (audited, dependency-free, runs unchanged in Node and in browsers) rather than `node:crypto`,
 * because `policies/` is also bundled into the console, where the playground screens prompts in
 * the browser. Versions computed before the switch (a hand-written SHA-256) are pinned in
 * test/policies/compile.test.ts, so stored policy versions stay valid.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Canonical JSON: object keys sorted, `undefined` properties dropped, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify turns undefined/functions into undefined; encode them as null to stay total.
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** SHA-256 of the canonical JSON of `value`, as 64 lowercase hex digits. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * SHA-256 (FIPS 180-4) of the UTF-8 encoding of `text`, as 64 lowercase hex digits. The one
 * implementation for strings in Loupe: policy versions, prompt digests, bearer-token hashes, seed
 * ids. Never throws on odd input: a lone surrogate is encoded as U+FFFD, as TextEncoder does.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
