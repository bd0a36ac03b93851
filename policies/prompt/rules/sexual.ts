/**
 * Sexual content and nudity.
 * Source: written for Loupe by the trust-and-safety engineering team (no third-party list).
 * License: same as the Loupe repository.
 * Indonesian terms are vulgar/slang words with no everyday meaning; everyday words that appear in
 * public Indonesian badword lists ("menggoda", "main", "ayam") are deliberately left out.
 */
import type { TermGroup, TermSource } from '../types.js';

export const SEXUAL_SOURCE: TermSource = { list: 'sexual', source: 'written for Loupe', license: 'project license' };

export const SEXUAL_TERMS: TermGroup[] = [
  {
    id: 'sexual.explicit.en',
    category: 'sexual',
    severity: 3,
    lang: 'en',
    terms: [
      'porn*', 'xxx', 'hardcore sex', 'sex scene', 'sex tape', 'sextape', '{having,have} sex', 'sexual intercourse',
      'blowjob*', 'blow job*', 'handjob*', 'hand job*', 'fellatio', 'cunnilingus', 'anal sex', 'oral sex',
      'cumshot*', 'cum shot*', '{cum,cumming} on', 'orgasm*', 'masturbat*', 'jerking off', 'jerk off', 'erect penis',
      'erection', 'clitoris', 'dildo*', 'vibrator sex', 'bdsm', 'hentai', 'rule 34', 'rule34', 'gangbang*', 'gang bang',
      'threesome', 'orgy', 'orgies', 'creampie', 'deepthroat*', 'milf', 'nsfw', 'explicit sex', 'sex act*',
      '{fuck,fucking,fucked,fucks} {her,him,them,me,you}', 'sexual position*', 'penetration', 'stripping naked',
      'genitals exposed', 'spread legs', 'hump*', 'pussy {licking,eating}', 'naked sex', 'nude sex',
      'rape', 'raped', 'raping', 'rapes', 'rapist*', 'molest*', 'grope', 'groped', 'groping', 'sexual assault*', 'sexually assault*',
      'sex slave*', 'revenge porn', 'upskirt*', 'downblouse', 'hidden camera in {the,a} {bathroom,shower,changing room,toilet}',
      'spread {her,his} legs', 'sexting', 'sex video*', 'moaning in bed', 'cum', 'jizz*', 'semen',
    ],
  },
  {
    id: 'sexual.embedded',
    category: 'sexual',
    severity: 3,
    lang: 'any',
    note: 'Matched even inside other words ("hotpornvideo"): no everyday English or Indonesian word contains them.',
    terms: ['*porn*', '*hentai*', '*bokep*', '*ngentot*', '*blowjob*', '*gangbang*', '*creampie*'],
  },
  {
    id: 'sexual.nudity.en',
    category: 'sexual',
    severity: 2,
    lang: 'en',
    terms: [
      'nude', 'nudes', 'nudity', 'naked', 'topless', 'bottomless', 'without clothes', 'no clothes', 'undress*',
      'strip tease', 'striptease', 'stripping', 'strips naked', 'strip naked', 'stripper*', 'lap dance', 'genital*', 'penis', 'penises', 'vagina*', 'vulva',
      'boobs', 'tits', 'titties', 'nipple*', 'bare breasts', 'bare breast', 'exposed breasts', 'breasts', 'sex',
      'sexual', 'erotic', 'erotica', 'lewd', 'horny', 'kinky', 'fetish*', 'bondage', 'onlyfans', 'camgirl*',
      'prostitut*', 'hooker*', 'escort service', 'sex worker*', 'sex doll*', 'sex toy*', 'see-through clothes', 'voyeur*',
      'peeping tom', 'nip slip', 'camel toe', 'make love', 'making love', 'skinny dipping',
    ],
  },
  {
    id: 'sexual.suggestive.en',
    category: 'sexual',
    severity: 1,
    lang: 'en',
    terms: [
      'sexy', 'sexier', 'seductive*', 'seduce*', 'sensual', 'lingerie', 'thong', 'cleavage', 'provocative pose*',
      'twerk*', 'fuck*', 'dick', 'cock', 'pussy', 'booty', 'busty', 'skimpy', 'bikini model', 'pole dance*',
    ],
  },
  {
    id: 'sexual.explicit.id',
    category: 'sexual',
    severity: 3,
    lang: 'id',
    terms: [
      'bokep', 'ngentot', 'ngentod', 'ngewe', 'ewean', 'entot*', 'porno', 'pornografi', 'pornoaksi', 'bersetubuh',
      'persetubuhan', 'hubungan seks', 'berhubungan seks', 'berhubungan badan', 'adegan seks', 'video seks',
      'onani', 'masturbasi', 'colmek', 'ngocok', 'ngaceng', 'memek', 'kontol', 'pepek', 'jembut', 'open bo',
      'seks oral', 'seks anal', 'video syur', 'adegan ranjang', 'bercinta telanjang',
      'perkosa', 'memperkosa', 'diperkosa', 'pemerkosaan', 'pemerkosa', 'pencabulan', 'dicabuli', 'mencabuli', 'pelecehan seksual',
      'kamera tersembunyi di {kamar mandi,toilet,ruang ganti}', 'ngintip orang mandi', 'digrepe', 'grepe-grepe', 'sepong', 'nyepong',
      'coli', 'ngecrot', 'sperma',
    ],
  },
  {
    id: 'sexual.nudity.id',
    category: 'sexual',
    severity: 2,
    lang: 'id',
    terms: [
      'telanjang', 'bugil', 'tanpa busana', 'tanpa pakaian', 'setengah telanjang', 'payudara', 'toket', 'tetek',
      'alat kelamin', 'kelamin', 'puting', 'seks', 'seksual', 'erotis', 'mesum', 'cabul', 'sange', 'pelacur',
      'lonte', 'jablay', 'pekerja seks', 'penari telanjang', 'striptis', 'goyang erotis', 'buka baju sampai telanjang', 'bercinta',
      'telanjang bulat', 'ngintip',
    ],
  },
  {
    id: 'sexual.suggestive.id',
    category: 'sexual',
    severity: 1,
    lang: 'id',
    terms: ['seksi', 'sensual', 'pakaian dalam', 'baju dalam', 'belahan dada', 'goyang hot', 'pose hot', 'montok'],
  },
];
