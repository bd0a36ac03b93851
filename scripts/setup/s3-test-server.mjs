/**
 * The S3-compatible server Loupe's tests run against (issue 16: media in object storage, tested
 * against a real server the test run starts itself, not a mock of the SDK): moto's stand-alone
 * server from PyPI, in a pinned Python environment built once into the cache outside the clone,
 *
 *   <cache>/loupe/python/venv-s3-test-server-<sha256 of requirements.txt, 12 hex>/
 *
 * with the ordinary pip client from scripts/setup/s3-test-server/requirements.txt (every package
 * pinned), through scripts/setup/python-env.mjs (stamp: the requirements' SHA-256). <cache> is
 * XDG_CACHE_HOME or ~/.cache. Tests only: npm start and the workers never use it. Plain Node, no
 * dependencies, like the bootstrap.
 *
 * Run directly (`node scripts/setup/s3-test-server.mjs`) it builds the environment and prints the
 * Python to run `-m moto.server` with; test/support/s3-server.ts calls `ensureS3TestServer`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePythonEnv } from './python-env.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const REQUIREMENTS = path.join(ROOT, 'scripts', 'setup', 's3-test-server', 'requirements.txt');

/** The environment's folder: named by the requirements' content, so a changed pin builds a new one. */
export function s3TestServerVenv(env = process.env) {
  const digest = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex').slice(0, 12);
  const cacheBase = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheBase, 'loupe', 'python', `venv-s3-test-server-${digest}`);
}

/**
 * Builds the environment when it is missing or its requirements changed (pip's downloads, about
 * 30 s once) and answers its Python. `fail(line)` is called with one sentence when Python, venv or
 * pip are missing or pip cannot install; by default it throws an Error with that sentence.
 */
export function ensureS3TestServer({ fail = (line) => { throw new Error(line); } } = {}) {
  return ensurePythonEnv({ purpose: 'the tests\' S3-compatible server (moto)', venv: s3TestServerVenv(), requirements: REQUIREMENTS, fail });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureS3TestServer());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
