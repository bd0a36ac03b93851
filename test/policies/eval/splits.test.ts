/**
 * The fixed train / dev / test split of the evaluation data (splits.ts, semantic-eval-set.ts):
 * no prompt may move between splits, the same text may not sit in two splits across sources, and
 * issue 14's hand-written set keeps the size the issue asks for.
 */
import { describe, expect, it } from 'vitest';
import { POLICY_CATEGORIES } from '../../../policies/prompt/types.js';
import { countSemanticEvalSet, EVAL_SOURCES, loadSemanticEvalSet } from './semantic-eval-set.js';
import { SEMANTIC_KINDS, SEMANTIC_LANGS } from './semantic/prompts.js';
import { normaliseForSplit, readSplitManifest, splitKey, splitOf, SPLITS } from './splits.js';

const items = loadSemanticEvalSet();

describe('train / dev / test split', () => {
  it('is a fixed function of the text (pinned examples)', () => {
    // Recorded when the split was made; a change to splits.ts that moves these fails here.
    expect(splitOf('a golden retriever catching a frisbee in a park')).toBe('train');
    expect(splitOf('headshot portrait of a smiling nurse against a grey studio background')).toBe('dev');
    expect(splitOf('a cat sleeping in a sunny window')).toBe('test');
    expect(splitOf('time lapse of clouds moving over a mountain lake')).toBe('test');
    expect(splitOf('  A Cat   sleeping in a SUNNY window ')).toBe('test');
  });

  it('no prompt of any source has moved from the split recorded in split-manifest.tsv', () => {
    const recorded = readSplitManifest();
    const moved = items.filter((i) => recorded.has(splitKey(i.text)) && recorded.get(splitKey(i.text)) !== i.split);
    expect(moved.map((i) => `${i.source}: ${i.text}`)).toEqual([]);
    const unrecorded = items.filter((i) => !recorded.has(splitKey(i.text)));
    // New prompts: run `npx tsx scripts/eval-data/semantic-eval-counts.ts --update-manifest`.
    expect(unrecorded.map((i) => `${i.source}: ${i.text}`)).toEqual([]);
  });

  it('the same text (up to case and spacing) is never in two splits, across all sources', () => {
    const splitsOf = new Map<string, Set<string>>();
    for (const i of items) {
      const key = normaliseForSplit(i.text);
      splitsOf.set(key, (splitsOf.get(key) ?? new Set()).add(i.split));
    }
    expect([...splitsOf].filter(([, s]) => s.size > 1).map(([t]) => t)).toEqual([]);
  });

  it('is about 60 / 20 / 20 overall, and every source has all three splits', () => {
    const { total, bySource } = countSemanticEvalSet(items);
    expect(total.train / total.total).toBeGreaterThan(0.55);
    expect(total.train / total.total).toBeLessThan(0.65);
    expect(total.dev / total.total).toBeGreaterThan(0.16);
    expect(total.test / total.total).toBeGreaterThan(0.16);
    for (const source of EVAL_SOURCES) for (const split of SPLITS) expect(bySource[source]?.[split], `${source} ${split}`).toBeGreaterThan(0);
  });
});

describe('evaluation items', () => {
  it('carry a known label, category and language', () => {
    const categories = new Set<string>([...POLICY_CATEGORIES, 'benign', 'unsafe_unspecified']);
    for (const i of items) {
      expect(categories.has(i.category), i.text).toBe(true);
      expect(i.label === 'benign').toBe(i.category === 'benign');
      expect((SEMANTIC_LANGS as readonly string[]).includes(i.lang), i.text).toBe(true);
    }
  });

  it("issue 14's hand-written set: at least 40 unsafe prompts per kind, 150 benign, English and Indonesian in each", () => {
    const semantic = items.filter((i) => i.source === 'loupe-semantic');
    for (const kind of SEMANTIC_KINDS.filter((k) => k !== 'near-miss' && k !== 'everyday-caption')) {
      const ofKind = semantic.filter((i) => i.kind === kind);
      expect(ofKind.every((i) => i.label === 'unsafe'), kind).toBe(true);
      expect(ofKind.length, kind).toBeGreaterThanOrEqual(40);
      if (kind === 'spanish-russian') expect(new Set(ofKind.map((i) => i.lang))).toEqual(new Set(['es', 'ru']));
      else expect(new Set(ofKind.map((i) => i.lang))).toEqual(new Set(['en', 'id']));
    }
    const benign = semantic.filter((i) => i.label === 'benign');
    expect(benign.length).toBeGreaterThanOrEqual(150);
    for (const text of ['ketchup on fries', 'headshot portrait', 'obat pembunuh nyamuk']) expect(benign.some((i) => i.text.includes(text)), text).toBe(true);
  });
});
