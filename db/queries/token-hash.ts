import { createHash } from 'node:crypto';

/**
 * Bearer secrets (session cookies, invite links) are stored only as their SHA-256, so a database
 * dump cannot be replayed as a login or an invitation. One function, so both stay comparable.
 */
export function hashBearerToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
