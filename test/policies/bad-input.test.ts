/**
 * Inputs the engine cannot judge well are held for review with a reason, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, screenPrompt, screenWithPolicy, LIVE_RULE_SET } from '../../policies/index.js';

function reviewWithReason(text: string, reasonPart: string): void {
  const result = screenPrompt(text);
  expect(result.verdict).toBe('review');
  expect(result.reasons.some((r) => r.includes(reasonPart)), result.reasons.join(' | ')).toBe(true);
}

describe('bad input', () => {
  it.each(['', '   ', '\n\t ', '\u200b\u200b', '\ufeff', '\u3164'])('empty or blank %j → review', (text) => {
    reviewWithReason(text, 'empty');
  });

  it('over the length limit → review', () => {
    reviewWithReason('a calm lake '.repeat(200), 'over the 2000 limit');
  });

  it('the limit is configurable per policy', () => {
    const policy = compilePolicy(LIVE_RULE_SET, {}, { maxLength: 10 });
    expect(screenWithPolicy(policy, 'a calm lake at dawn').verdict).toBe('review');
    expect(screenWithPolicy(policy, 'a lake').verdict).toBe('allow');
    expect(() => compilePolicy(LIVE_RULE_SET, {}, { maxLength: 0 })).toThrow(RangeError);
  });

  it('still blocks what it finds in an over-long prompt', () => {
    const result = screenPrompt(`${'a calm lake '.repeat(200)} loli`);
    expect(result.verdict).toBe('block');
  });

  it.each([
    ['control characters', 'a cat\u0000 on a mat\u0007', 'control characters'],
    ['right-to-left override', 'a cat \u202eon a mat', 'override'],
    ['isolates', 'a \u2066cat\u2069', 'override'],
    ['unpaired high surrogate', 'a cat \ud83d on a mat', 'unpaired surrogate'],
    ['unpaired low surrogate', '\ude00 a cat', 'unpaired surrogate'],
    ['zero-width space inside a word', 'a ca\u200bt on a mat', 'invisible characters inside a word'],
    ['mixed scripts in a word', 'a cаt on a mat', 'Cyrillic or Greek'],
  ])('%s → review', (_name, text, reason) => {
    reviewWithReason(text, reason);
  });

  it('legitimate Unicode is not suspicious', () => {
    for (const text of ['👨‍👩‍👧 family picnic', 'café au lait', 'Москва at night', 'Ελλάδα beaches', '東京の夜景', 'naïve art, résumé']) {
      expect(screenPrompt(text).verdict, text).toBe('allow');
    }
  });

  it('100 KB of one emoji is fast and does not crash', () => {
    const text = '🔥'.repeat(50_000);
    const t0 = performance.now();
    const result = screenPrompt(text);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(result.verdict).toBe('review');
  });

  it.each([
    ['100 KB of one letter', 'a'.repeat(100_000)],
    ['100 KB of spaced single letters', 'k i '.repeat(25_000)],
    ['100 KB of leet digits', 'k1'.repeat(50_000)],
    ['100 KB of separators', '.-'.repeat(50_000)],
    ['1 MB of text', 'lorem ipsum '.repeat(90_000)],
  ])('%s does not crash', (_name, text) => {
    const result = screenPrompt(text);
    expect(result.verdict).toBe('review');
  });

  it('a non-string from untyped callers → review, not a throw', () => {
    const result = screenPrompt(undefined as unknown as string);
    expect(result.verdict).toBe('review');
  });
});

describe('random input (deterministic fuzz)', () => {
  /** mulberry32: the same "random" strings on every run. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  // Pools that exercise every normalisation path: ASCII and leet, separators, marks, invisibles,
  // bidi, controls, surrogate halves, homoglyphs, fullwidth, emoji and emoji letters.
  const POOLS = [
    'abcdefghijklmnopqrstuvwxyz013457@$!| .-_*',
    'pornlokisexkil ',
    '\u0301\u0336\u200b\u200d\u2060\ufeff\u00ad\u202e\u2066\u0000\u0007\u000a',
    '\ud800\udc00\udfff\ud83d',
    'аеорсхѕαορｐｏｒｎ𝐩𝐨🅿🅾🇵😀⒫ß',
  ];

  it('never throws, and every span lies inside the text', () => {
    const random = prng(42);
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) {
        const pool = POOLS[Math.floor(random() * POOLS.length)]!;
        const chars = [...pool];
        text += chars[Math.floor(random() * chars.length)]!;
      }
      const result = screenPrompt(text, { ageBand: random() < 0.5 ? 'teen' : 'adult' });
      expect(['allow', 'review', 'block']).toContain(result.verdict);
      for (const m of result.matches) {
        expect(m.start).toBeGreaterThanOrEqual(0);
        expect(m.end).toBeGreaterThan(m.start);
        expect(m.end).toBeLessThanOrEqual(text.length);
      }
    }
  });
});
