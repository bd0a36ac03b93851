import { sha256Hex } from '../../policies/content-hash';

/**
 * Bearer secrets (session cookies, invite links) are stored only as their SHA-256 (64 lowercase
 * hex digits), so a database dump cannot be replayed as a login or an invitation. One function, so
 * both stay comparable; the digest is Loupe's one string SHA-256 (policies/content-hash.ts).
 */
export function hashBearerToken(token: string): string {
  return sha256Hex(token);
}
