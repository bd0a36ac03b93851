/**
 * Evasion techniques, one table per technique, in English and Indonesian. Every case also checks
 * that the reported span is exactly the obfuscated word in the original text.
 */
import { describe, expect, it } from 'vitest';
import { screenPrompt } from '../../policies/index.js';

interface EvasionCase {
  /** The full prompt. */
  text: string;
  /** The part of the prompt that must be reported (text.slice(start, end)). */
  span: string;
  category: string;
}

const TECHNIQUES: Record<string, EvasionCase[]> = {
  'case and NFKC (fullwidth, math letters, circled, ligatures)': [
    { text: 'a PORN video', span: 'PORN', category: 'sexual' },
    { text: 'ｌｏｌｉ art', span: 'ｌｏｌｉ', category: 'sexual_minors' },
    { text: 'a 𝐩𝐨𝐫𝐧 clip', span: '𝐩𝐨𝐫𝐧', category: 'sexual' },
    { text: 'ⓑⓞⓚⓔⓟ terbaru', span: 'ⓑⓞⓚⓔⓟ', category: 'sexual' },
    { text: 'ﬁsting? no: ｂｏｋｅｐ', span: 'ｂｏｋｅｐ', category: 'sexual' },
  ],
  'homoglyphs (Cyrillic, Greek)': [
    { text: 'lоli drawing', span: 'lоli', category: 'sexual_minors' }, // Cyrillic о
    { text: 'ѕех tape', span: 'ѕех tape', category: 'sexual' }, // Cyrillic ѕ, е, х
    { text: 'ροrn', span: 'ροrn', category: 'sexual' }, // Greek ρ, ο
    { text: 'bоkер', span: 'bоkер', category: 'sexual' }, // Cyrillic о, е, р
  ],
  'zero-width and invisible characters': [
    { text: 'lo\u200bli art', span: 'lo\u200bli', category: 'sexual_minors' },
    { text: 'p\u200do\u2060r\ufeffn', span: 'p\u200do\u2060r\ufeffn', category: 'sexual' },
    { text: 'bo\u00adkep', span: 'bo\u00adkep', category: 'sexual' },
  ],
  leetspeak: [
    { text: 'p0rn clip', span: 'p0rn', category: 'sexual' },
    { text: 'h0w t0 k1ll mys3lf', span: 'h0w t0 k1ll mys3lf', category: 'self_harm' },
    { text: '$3x tape', span: '$3x tape', category: 'sexual' },
    { text: 'n@ked teen', span: 'n@ked teen', category: 'sexual_minors' },
    { text: 'b0k3p', span: 'b0k3p', category: 'sexual' },
    { text: 'bun|_|h diri? no: bunuh d1r1', span: 'bunuh d1r1', category: 'self_harm' },
  ],
  'separators inside words': [
    { text: 'v.i.o.l.e.n.t gore', span: 'gore', category: 'violence_graphic' },
    { text: 's e x tape', span: 's e x tape', category: 'sexual' },
    { text: 'k-i-l-l yourself', span: 'k-i-l-l yourself', category: 'hate_harassment' },
    { text: 'p.o.r.n', span: 'p.o.r.n', category: 'sexual' },
    { text: 'h_e_n_t_a_i', span: 'h_e_n_t_a_i', category: 'sexual' },
    { text: 'b-o-k-e-p', span: 'b-o-k-e-p', category: 'sexual' },
    { text: 't e l a n j a n g', span: 't e l a n j a n g', category: 'sexual' },
    { text: 'be.head.ing', span: 'be.head.ing', category: 'violence_graphic' },
    { text: 'a s e x y dance', span: 's e x y', category: 'sexual' },
    { text: 'o.r.a.n.g d.i.b.a.k.a.r h.i.d.u.p-h.i.d.u.p', span: 'd.i.b.a.k.a.r h.i.d.u.p-h.i.d.u.p', category: 'violence_graphic' },
  ],
  'repeated letters': [
    { text: 'pooorrrn', span: 'pooorrrn', category: 'sexual' },
    { text: 'nuuuude', span: 'nuuuude', category: 'sexual' },
    { text: 'bokeeeep', span: 'bokeeeep', category: 'sexual' },
    { text: 'kill myselllff', span: 'kill myselllf', category: 'self_harm' },
  ],
  diacritics: [
    { text: 'pörn', span: 'pörn', category: 'sexual' },
    { text: 'nùdé', span: 'nùdé', category: 'sexual' },
    { text: 'bo\u0301ke\u0300p', span: 'bo\u0301ke\u0300p', category: 'sexual' },
    { text: 'z̷a̷l̷g̷o̷ g̷o̷r̷e̷', span: 'g̷o̷r̷e̷', category: 'violence_graphic' },
  ],
  'regional indicators and emoji separators': [
    { text: '🇵🇴🇷🇳', span: '🇵🇴🇷🇳', category: 'sexual' },
    { text: 'p🔥o🔥r🔥n', span: 'p🔥o🔥r🔥n', category: 'sexual' },
    { text: '🅿🅾🆁🅽 clip', span: '🅿🅾🆁🅽', category: 'sexual' },
    { text: '🅑🅞🅚🅔🅟', span: '🅑🅞🅚🅔🅟', category: 'sexual' },
    { text: '⒫⒪⒭⒩', span: '⒫⒪⒭⒩', category: 'sexual' },
  ],
  'words glued together': [
    { text: 'a hotpornvideo clip', span: 'hotpornvideo', category: 'sexual' },
    { text: 'xlolicon_fan art', span: 'xlolicon_fan', category: 'sexual_minors' },
  ],
  'scripts without spaces': [{ text: '我喜欢loli', span: 'loli', category: 'sexual_minors' }],
  'combined techniques': [
    { text: 'Ⓟ.0.Я.ñ', span: 'Ⓟ.0.Я.ñ', category: 'sexual' },
    { text: 'P-0-0-R-N', span: 'P-0-0-R-N', category: 'sexual' },
  ],
};

describe('evasion techniques', () => {
  for (const [technique, cases] of Object.entries(TECHNIQUES)) {
    describe(technique, () => {
      it.each(cases)('$text', ({ text, span, category }) => {
        const result = screenPrompt(text);
        const hits = result.matches.filter((m) => m.category === category);
        expect(hits.length, `${text}: ${result.reasons.join(' | ')}`).toBeGreaterThan(0);
        expect(hits.map((m) => text.slice(m.start, m.end))).toContain(span);
        expect(result.verdict).not.toBe('allow');
      });
    });
  }
});

describe('evasion handling does not invent matches', () => {
  it.each([
    'a 4 door car with 3 seats',
    'call 555-0100 for a 10% discount on $50 shoes',
    'I <3 my dog',
    'a s s e m b l y line robots',
    'as seen on TV',
    'p o r t r a i t of a woman',
    'c.o.o.k.i.e.s on a plate',
    'skill shot in a bowling alley',
    'a grass field',
    'class of 2024 graduation',
    'the classic pass',
    'a g.1.r.l playing the v.1.0.l.1.n', // dotted "violin" must not contain "loli"
    'b.4.t.1.k d.1.l.u.k.1.s d.3.n.g.4.n c.4.n.t.1.n.g', // no "lsd" across dotted words
    'U.S.A. flag at the 4-H fair',
    'a w i l d l i f e   d o c u m e n t a r y', // spelled-out words are not searched inside ("cum")
    'a r t   c l a s s   at the museum',
  ])('%s', (text) => {
    const result = screenPrompt(text);
    expect(result.verdict, result.reasons.join(' | ')).toBe('allow');
  });
});

describe('spans are offsets into the original text', () => {
  it('survives astral characters before the match', () => {
    const text = '😀😀 a n.u.d.e 😀 scene';
    const result = screenPrompt(text);
    const m = result.matches.find((x) => x.category === 'sexual')!;
    expect(text.slice(m.start, m.end)).toBe('n.u.d.e');
  });

  it('covers the whole word for prefix terms', () => {
    const text = 'they were masturbating';
    const m = screenPrompt(text).matches.find((x) => x.category === 'sexual')!;
    expect(text.slice(m.start, m.end)).toBe('masturbating');
  });
});
