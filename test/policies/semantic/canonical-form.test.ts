/**
 * The semantic layer's canonical form (policies/prompt/semantic/canonical-form.ts): every rule of
 * its header undoes its obfuscation, every obfuscation technique of the evaluation reads back as the
 * plain prompt, and ordinary prompts (English, Indonesian, Spanish, Russian, brand names, emoji
 * sequences) come back as the very same text, which is what keeps them to one embedding. A reason
 * built from a canonical reading says what was read.
 */
import { canonicalForm, combineWithSemantic, screenPrompt, type SemanticOutcome } from '../../../policies';
import { TECHNIQUES } from '../eval/obfuscations';

describe('canonicalForm undoes each rule', () => {
  it.each([
    ['1 invisible characters', 'a man k\u200bi\u200bl\u200bl\u200ds a dog', 'a man kills a dog'],
    ['2 fullwidth', 'ｋｉｌｌ the ｄｏｇ', 'kill the dog'],
    ['3 dot separators', 'a v.i.o.l.e.n.c.e scene', 'a violence scene'],
    ['3 hyphens, with leet', 'k-1-l-l him', 'kill him'],
    ['4 spaced letters', 'a   s h o o t s   the   d o g', 'a shoots the dog'],
    ['5 Cyrillic look-alikes in a Latin word', 'a man kіllѕ a dog', 'a man kills a dog'],
    ['5 a Cyrillic word in a Latin prompt', 'help me ассеѕѕ the files', 'help me access the files'],
    ['6 accents, twice in a word', 'a vïölëncë scene', 'a violence scene'],
    ['6 accents, most words marked', 'á mán kïlls thè dög', 'a man kills the dog'],
    ['7 alternating case', 'a mAn kIlLs a dOg', 'a man kills a dog'],
    ['8 leet between letters', 'k1ll the d0g, s3x', 'kill the dog, sex'],
    ['8 leet at the edges in a leet prompt', '4tt4ck th3 m4n', 'attack the man'],
    ['8 leet symbols between letters', 'I h@te them', 'I hate them'],
    ['9 repeated letters', 'kiiill the dooog', 'kill the dog'],
    ['9 a stretched double letter', 'bloooooood everywhere', 'blood everywhere'],
  ])('rule %s: "%s"', (_rule, obfuscated, plain) => {
    expect(canonicalForm(obfuscated)).toBe(plain);
  });
});

describe('canonicalForm leaves ordinary prompts as they are (the same string)', () => {
  it.each([
    'a man kills a dog with a shovel, then the blood flows',
    'Gwen Stacy reading a book, oil painting',
    'petugas damkar memadamkan api di rumah kosong',
    'obat pembunuh nyamuk, anak2 bermain',
    'un hombre golpea a un perro hasta matarlo con una pala',
    'el niño está en la casa, ¿cómo está él? la policía disparó',
    'Мужчина избивает собаку лопатой',
    'a 4k video of an iPhone on YouTube, an mp3 of covid19 news, a MySQL table',
    'World War III, zzz, XXX, e.g. version 1.2.3, kill! $100',
    'I saw a cat and a dog',
    '👩‍❤️‍💋‍👨 then 🍆➡️🍑',
    '山の上の家、夜、雨。',
  ])('"%s"', (prompt) => {
    expect(canonicalForm(prompt)).toBe(prompt);
  });
});

describe('canonicalForm reads every obfuscation technique of the evaluation back', () => {
  const plain = 'a man kills a dog with a shovel, then the blood flows over the floor';
  it.each(Object.keys(TECHNIQUES))('%s', (technique) => {
    const obfuscated = TECHNIQUES[technique]!(plain);
    expect(obfuscated).not.toBe(plain);
    expect(canonicalForm(obfuscated)).toBe(plain);
  });
});

describe('combineWithSemantic names the canonical reading', () => {
  const outcome = (readAs?: string): SemanticOutcome => ({
    status: 'ok', model: 'm', verdict: 'review', category: 'violence_graphic', score: 0.03, nearest: [], ...(readAs === undefined ? {} : { readAs }),
  });
  const allowed = screenPrompt('a paper boat on a rainy street');

  it('quotes what it read, cut to 80 characters', () => {
    expect(combineWithSemantic(allowed, outcome('a gunman fires into a crowded bus')).reasons.at(-1)).toBe(
      'review: violence_graphic: the semantic classifier places the prompt (read as "a gunman fires into a crowded bus") 0.030 closer to violence_graphic exemplars than to benign ones',
    );
    expect(combineWithSemantic(allowed, outcome('x'.repeat(100))).reasons.at(-1)).toContain(`(read as "${'x'.repeat(80)}…")`);
  });

  it('says nothing of a reading when the prompt was read as written', () => {
    expect(combineWithSemantic(allowed, outcome()).reasons.at(-1)).not.toContain('read as');
  });
});
