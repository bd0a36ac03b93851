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
