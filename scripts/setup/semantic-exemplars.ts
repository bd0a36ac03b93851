/**
 * Setup step 6 (issue 14): the shipped exemplar set's embeddings, computed once into the model's
 * folder (`<model dir>/exemplar-sets/<set key>.f32`, see activities/classifiers/semantic/classifier.ts),
 * so a worker's first screening, `npm run screen` and the tests read them from disk (well under a
 * second) instead of embedding the 1,320 shipped exemplars (about 17 s on one core).
 *
 *   npx tsx scripts/setup/semantic-exemplars.ts [--stamp <sources hash>]
 *
 * Prints one line, for the bootstrap's step line: `current` when the file is there with the right
 * size, `computed` with the time taken, or `skipped` with why (the model is not built). Exits 1 with
 * one sentence when the model is there but the embeddings could not be computed or written. With
 * `--stamp`, the bootstrap's hash of the exemplar sources, it also writes `exemplar-sets/shipped.json`
 * (that hash, the file's name, its size and the count), so the next setup knows the file is current
 * without running TypeScript.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exemplarSetFile, createSemanticClassifier } from '../../activities/classifiers/semantic/classifier';
import { SEMANTIC_DIMENSIONS, SEMANTIC_MODEL_FILES, semanticModelDir } from '../../activities/classifiers/semantic/embedder';
import { SHIPPED_SEMANTIC_POLICY } from '../../policies';

const policy = SHIPPED_SEMANTIC_POLICY;
const modelDir = semanticModelDir();
const file = exemplarSetFile(modelDir, policy);
const bytes = policy.exemplars.length * SEMANTIC_DIMENSIONS * 4;
const count = `${policy.exemplars.length.toLocaleString('en')} shipped exemplars`;

const stampAt = process.argv.indexOf('--stamp');
const sources = stampAt > 0 ? process.argv[stampAt + 1] : undefined;

/** Records what the file was made from, for the bootstrap's quick check (see the header). */
function writeStamp() {
  if (!sources) return;
  const stamp = { sources, file: path.basename(file), bytes, count: policy.exemplars.length.toLocaleString('en') };
  writeFileSync(path.join(path.dirname(file), 'shipped.json'), `${JSON.stringify(stamp, null, 2)}\n`);
}

if (!SEMANTIC_MODEL_FILES.every((name) => existsSync(path.join(modelDir, name)))) {
  console.log(`skipped: the model is not in ${modelDir}, so the embeddings of the ${count} cannot be computed; the classifier answers unavailable until it is.`);
} else if (existsSync(file) && statSync(file).size === bytes) {
  writeStamp();
  console.log(`current (${count} in ${path.relative(modelDir, file)}).`);
} else {
  const since = Date.now();
  try {
    await createSemanticClassifier().warm(policy);
    writeStamp();
    console.log(`computed the ${count} into ${path.relative(modelDir, file)} (${((Date.now() - since) / 1000).toFixed(1)} s).`);
  } catch (error) {
    console.error(`the embeddings of the ${count} could not be computed into ${file}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
