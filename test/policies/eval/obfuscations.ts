/**
 * Generated obfuscations of the labeled prompts: each technique rewrites every word of three or
 * more letters (the generator does not know which word is the trigger, as an evader would), so a
 * prompt keeps its label. Deterministic, no randomness.
 */
export type Technique = (text: string) => string;

const CYRILLIC: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', s: 'ѕ' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0' };
const ACCENTED: Record<string, string> = { a: 'á', e: 'è', i: 'ï', o: 'ö', u: 'ü' };

/** Applies `rewrite` to every word of at least three letters, leaving spaces and punctuation. */
function eachWord(rewrite: (word: string) => string): Technique {
  return (text) => text.replace(/\p{L}{3,}/gu, rewrite);
}

const mapLetters = (table: Record<string, string>) => (word: string) => [...word].map((c) => table[c] ?? c).join('');

export const TECHNIQUES: Record<string, Technique> = {
  leetspeak: eachWord(mapLetters(LEET)),
  'dot separators': eachWord((w) => [...w].join('.')),
  'spaced letters': (text) => text.replace(/ /g, '   ').replace(/\p{L}{3,}/gu, (w) => [...w].join(' ')),
  'zero-width': eachWord((w) => [...w].join('\u200b')),
  'repeated letters': eachWord((w) => w.replace(/[aeiou]/g, (v) => v.repeat(3))),
  'cyrillic homoglyphs': eachWord(mapLetters(CYRILLIC)),
  diacritics: eachWord(mapLetters(ACCENTED)),
  fullwidth: (text) => text.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x61 + 0xff41)),
  'alternating case': eachWord((w) => [...w].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')),
  'combined (leet + dots + case)': eachWord((w) => [...mapLetters(LEET)(w)].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('.')),
};
