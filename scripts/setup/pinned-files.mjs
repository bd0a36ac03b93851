/**
 * Files a setup step built and checked against pinned SHA-256s (the semantic and speech models):
 * hashing a file, and telling from the stamp written after verification whether the files are
 * still the verified ones. Plain Node, no dependencies, like the bootstrap that calls it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The stamp a step writes into the folder once every file matched its pin: `{ version, files: { name: { sha256, size, mtimeMs } } }`. */
export const VERIFIED_STAMP = '.loupe-verified.json';

/** SHA-256 of a file's bytes, as 64 lower-case hex digits. Throws when the file cannot be read. */
export function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * Whether `dir` still holds the files `pin.sha256` names as they were verified: the stamp records
 * the pinned SHA-256 of each, and each file's size and modification time are unchanged since
 * (a later run checks these in milliseconds instead of hashing again). False when anything is missing.
 */
export function isVerifiedCurrent(dir, pin) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, VERIFIED_STAMP), 'utf8'));
    return Object.keys(pin.sha256).every((name) => {
      const seen = stamp.files?.[name];
      const now = statSync(path.join(dir, name));
      return seen?.sha256 === pin.sha256[name] && seen.size === now.size && seen.mtimeMs === now.mtimeMs;
    });
  } catch {
    return false;
  }
}

/**
 * Checks every file `pin.sha256` names in `partial` (a folder a step just built) against its pin,
 * then moves the folder to `dir` (replacing what was there) and writes the stamp `isVerifiedCurrent`
 * reads. On a mismatch calls `fail(line)` with `mismatch(name, actual, expected)`, the step's own
 * sentence, and leaves `partial` in place for a look.
 */
export function installVerified({ partial, dir, pin, fail, mismatch }) {
  for (const [name, expected] of Object.entries(pin.sha256)) {
    const file = path.join(partial, name);
    const actual = existsSync(file) ? sha256File(file) : 'missing';
    if (actual !== expected) fail(mismatch(name, actual, expected));
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  const files = {};
  for (const name of Object.keys(pin.sha256)) {
    const stat = statSync(path.join(dir, name));
    files[name] = { sha256: pin.sha256[name], size: stat.size, mtimeMs: stat.mtimeMs };
  }
  writeFileSync(path.join(dir, VERIFIED_STAMP), `${JSON.stringify({ version: pin.version, files }, null, 2)}\n`);
}
