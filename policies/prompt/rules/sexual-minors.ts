/**
 * Sexualisation of minors (always blocked) and the "minor" signal that, combined with any sexual
 * term in the same prompt, blocks it too (see combinations.ts).
 * Source: written for Loupe. License: same as the Loupe repository.
 */
import type { SignalGroup, TermGroup, TermSource } from '../types.js';

export const SEXUAL_MINORS_SOURCE: TermSource = { list: 'sexual_minors', source: 'written for Loupe', license: 'project license' };

/** Ages under 18 written as numbers: "12 year old", "12yo", "umur 12". */
const MINOR_AGES = Array.from({ length: 17 }, (_, i) => String(i + 1)).join(',');
const MINOR_AGES_EN =
  'one,two,three,four,five,six,seven,eight,nine,ten,eleven,twelve,thirteen,fourteen,fifteen,sixteen,seventeen';
const MINOR_AGES_ID =
  'satu,dua,tiga,empat,lima,enam,tujuh,delapan,sembilan,sepuluh,sebelas,dua belas,tiga belas,empat belas,lima belas,enam belas,tujuh belas';

export const SEXUAL_MINORS_TERMS: TermGroup[] = [
  {
    id: 'sexual_minors.terms.en',
    category: 'sexual_minors',
    severity: 4,
    lang: 'en',
    terms: [
      'lolicon', 'loli', 'lolis', 'shotacon', 'shota', 'child porn*', 'kiddie porn*', 'kiddy porn*', 'cp video*',
      'child sexual abuse material', 'csam', 'child sex*', 'underage sex*', 'underage porn*', 'underage nude*',
      'underage naked', 'preteen nude*', 'preteen naked', 'jailbait', 'pedophil*', 'paedophil*', 'pedo', 'pedos',
      'minor attracted', 'toddler nude*', 'child nude*', 'nude child*', 'naked child*', 'child erotica',
      'sexualized child*', 'sexualised child*', 'child bride', 'grooming a child', 'groom a child',
    ],
  },
  {
    id: 'sexual_minors.embedded',
    category: 'sexual_minors',
    severity: 4,
    lang: 'any',
    note: 'Matched even inside other words ("xlolicon", "pedophilevideo").',
    terms: ['*lolicon*', '*shotacon*', '*pedophil*', '*paedophil*', '*childporn*', '*kiddieporn*', '*jailbait*'],
  },
  {
    id: 'sexual_minors.terms.id',
    category: 'sexual_minors',
    severity: 4,
    lang: 'id',
    terms: [
      'pornografi anak', 'porno anak', 'bokep anak', 'bokep bocil', 'anak telanjang', 'bocil telanjang',
      'anak bugil', 'bocah bugil', 'pedofil*', 'pencabulan anak', 'seks anak', 'seks dengan anak', 'pemerkosaan anak',
      'eksploitasi seksual anak', 'cabul anak', 'mencabuli anak',
    ],
  },
];

export const MINOR_SIGNALS: SignalGroup[] = [
  {
    id: 'signal.minor.en',
    signal: 'minor',
    lang: 'en',
    terms: [
      'child', 'children', 'childs', 'kid', 'kids', 'kiddo', 'minor', 'minors', 'underage*', 'schoolgirl*', 'schoolboy*',
      'school girl*', 'school boy*', 'little girl*', 'little boy*', 'toddler*', 'infant*', 'preteen*',
      'pre-teen*', 'tween*', 'teen', 'teens', 'teenage*', 'young girl*', 'young boy*', 'high school girl*',
      'high schooler*', 'middle school*', 'elementary school*', 'junior high', 'grade schooler*', 'daughter', 'stepdaughter', 'stepsister',
      'under 18', 'under eighteen', `{${MINOR_AGES}} {year,years} old`, `{${MINOR_AGES}} {yo,y/o,yrs old}`,
      `{${MINOR_AGES}}yo`, `{${MINOR_AGES_EN}} {year,years} old`, `{${MINOR_AGES_EN}}-year-old`, 'barely legal',
    ],
  },
  {
    id: 'signal.minor.id',
    signal: 'minor',
    lang: 'id',
    terms: [
      'anak', 'anak-anak', 'anak kecil', 'bocah', 'bocil', 'balita', 'bayi', 'siswi', 'siswa', 'murid sd', 'anak sd',
      'anak smp', 'anak sma', 'siswi smp', 'siswi sd', 'siswi sma', 'di bawah umur', 'gadis kecil', 'gadis cilik',
      'anak perempuan', 'anak laki-laki', 'remaja', 'abg', 'anak sekolah', `{umur,usia,berusia} {${MINOR_AGES}} tahun`,
      `{umur,usia,berusia} {${MINOR_AGES}}`, `anak {${MINOR_AGES}} tahun`,
      `{umur,usia,berusia} {${MINOR_AGES_ID}} tahun`,
    ],
  },
];
