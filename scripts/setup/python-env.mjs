/**
 * A pinned Python virtual environment for a setup step: finds Python 3.11 or newer (`python3`,
 * `python`, or LOUPE_PYTHON), creates the environment, and installs a requirements file with the
 * ordinary pip client, once per content of that file (a stamp in the environment records its
 * SHA-256). Plain Node, no dependencies, like the bootstrap that calls it.
 *
 * The semantic model's, the speech model's and the tests' S3 server's steps use it
 * (scripts/setup/semantic-model.mjs, speech-model.mjs, s3-test-server.mjs).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const MIN_PYTHON = [3, 11];

/** Runs a command quietly; returns its status and output (show the output only on failure). */
export function quiet(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { status: result.error ? null : result.status, error: result.error, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/**
 * The Python to build with: `{ python, version }`. `purpose` names what is built, for the sentence
 * `fail(line)` (the bootstrap's: prints and exits) is called with when none fits.
 */
export function findPython(purpose, fail) {
  const candidates = process.env.LOUPE_PYTHON ? [process.env.LOUPE_PYTHON] : ['python3', 'python'];
  for (const candidate of candidates) {
    const probe = quiet(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
    if (probe.status !== 0) continue;
    const [major = 0, minor = 0] = probe.output.split('.').map(Number);
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return { python: candidate, version: probe.output };
    fail(`${purpose} is built with Python ${MIN_PYTHON.join('.')} or newer, and ${candidate} is Python ${probe.output}: install a newer Python 3 (Debian: apt-get install python3 python3-venv) or set LOUPE_PYTHON to one, then run this again.`);
  }
  fail(`Python 3 was not found (${candidates.join(', ')}): ${purpose} is built from pinned Python packages once; install Python ${MIN_PYTHON.join('.')} or newer with venv and pip (Debian: apt-get install python3 python3-venv python3-pip) or set LOUPE_PYTHON, then run this again.`);
}

/**
 * Makes `venv` a virtual environment with exactly `requirements` installed (skipped when its stamp
 * matches the file's SHA-256). Returns the environment's python. Calls `fail` with one sentence when
 * Python, venv or pip are missing, or pip cannot install (pip's own output is printed first).
 */
export function ensurePythonEnv({ purpose, venv, requirements, fail }) {
  const venvPython = path.join(venv, 'bin', 'python');
  if (!existsSync(venvPython)) {
    const { python, version } = findPython(purpose, fail);
    mkdirSync(path.dirname(venv), { recursive: true });
    const made = quiet(python, ['-m', 'venv', venv]);
    if (made.status !== 0) {
      rmSync(venv, { recursive: true, force: true });
      fail(`could not create a Python virtual environment for ${purpose} with ${python} (Python ${version}): install Python's venv module (Debian: apt-get install python3-venv), then run this again. ${made.output.split('\n').pop() ?? ''}`);
    }
  }
  const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const installedStamp = path.join(venv, '.loupe-requirements');
  if (!existsSync(installedStamp) || readFileSync(installedStamp, 'utf8').trim() !== wanted) {
    if (quiet(venvPython, ['-m', 'pip', '--version']).status !== 0) {
      fail(`pip is missing from the Python environment in ${venv}: install pip and venv (Debian: apt-get install python3-pip python3-venv), delete that folder, then run this again.`);
    }
    const pip = quiet(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '-r', requirements], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (pip.status !== 0) {
      process.stderr.write(`${pip.output}\n`);
      fail(`pip could not install the pinned packages of ${purpose} (${requirements}); read pip's message above and check that the Python package registry is reachable.`);
    }
    writeFileSync(installedStamp, `${wanted}\n`);
  }
  return venvPython;
}
