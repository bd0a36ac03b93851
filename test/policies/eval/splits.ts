/**
 * The fixed train / dev / test split of every labeled prompt source (issue 14), beside the older
 * development / held-out halves of public-prompts.ts, which stay as they are for the evaluations
 * already written against them.
 *
 * A prompt's split is a function of its text alone: the first two bytes of the SHA-256 of the
 * normalised text (Unicode NFC, lower case, runs of white space made one space, trimmed), read as
 * a number from 0 to 65535, give train below 60 %, dev below 80 %, test above. So
 * - adding, removing or reordering prompts never moves another prompt;
 * - the same prompt in two sources (PyRIT repeats HarmBench behaviours; the VBench suite repeats
 *   prompts across dimensions) is in the same split in both, and so is a copy that differs only in
 *   case or spacing;
 * - the split was decided before any classifier was built, and nothing is tuned on `test`.
 * `split-manifest.tsv` records every prompt's split by a hash of its text; the test in
 * splits.test.ts fails when a prompt's split differs from the one recorded, and
 * `scripts/eval-data/semantic-eval-counts.ts --update-manifest` adds new prompts to it but refuses
 * to change a recorded one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../../policies/content-hash.js';

export const SPLITS = ['train', 'dev', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/** Train below this share of the hash space, dev below the next, test above. */
const TRAIN_BELOW = 0.6;
const DEV_BELOW = 0.8;

/** The text the split and the duplicate checks see: NFC, lower case, single spaces, trimmed. */
export function normaliseForSplit(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key a prompt is recorded under in split-manifest.tsv: 16 hex digits of its SHA-256. */
export function splitKey(text: string): string {
  return sha256Hex(normaliseForSplit(text)).slice(0, 16);
}

export function splitOf(text: string): Split {
  const share = parseInt(sha256Hex(normaliseForSplit(text)).slice(0, 4), 16) / 65536;
  return share < TRAIN_BELOW ? 'train' : share < DEV_BELOW ? 'dev' : 'test';
}

export const SPLIT_MANIFEST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'split-manifest.tsv');

/** split-manifest.tsv as key -> split (lines starting with `#` are comments). */
export function readSplitManifest(file = SPLIT_MANIFEST): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [key, split] = line.split('\t');
    entries.set(key!, split!);
  }
  return entries;
}
