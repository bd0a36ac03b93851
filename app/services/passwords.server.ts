/**
 * Staff passwords: argon2id through `@node-rs/argon2`, with the package's default cost (19 MiB of
 * memory, 2 passes, 1 lane: the minimum the OWASP Password Storage Cheat Sheet recommends for
 * argon2id). The hash is a PHC string that carries its own parameters, so a verification costs what
 * the stored hash cost to make.
 *
 * Equal work for every login: a login for an email with no account (or a disabled one, or a
 * damaged stored hash) still runs one argon2 verification, against a dummy hash made here with the
 * same function and cost as real ones. Otherwise the answer for an unknown email comes back
 * several milliseconds sooner, and the time alone says which emails have accounts.
 */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** The argon2 PHC string of `password`, for storing (salted, default cost). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, made once per process with `hashPassword` so it costs
 * what a real one costs. Verifying anything against it is false and takes a real verification's time.
 */
function hashOfNoPassword(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/**
 * Whether `password` matches `storedHash`. With no stored hash (no such account), or one argon2
 * cannot read, the same verification runs against a dummy hash of the same cost and the answer is
 * false: the caller's time does not depend on whether an account exists. Never throws for a bad
 * stored hash.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash !== null) {
    try {
      return await verify(storedHash, password);
    } catch {
      // A stored value that is not an argon2 hash: refuse, after the same work as any other refusal.
    }
  }
  await verify(await hashOfNoPassword(), password).catch(() => false);
  return false;
}
