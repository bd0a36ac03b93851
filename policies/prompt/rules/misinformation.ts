/**
 * Fabricated news, election and public-safety events presented as real footage. Reviewed, never
 * blocked on words alone: satire and fiction use the same words.
 * Source: written for Loupe. License: same as the Loupe repository.
 */
import type { TermGroup, TermSource } from '../types.js';

export const MISINFORMATION_SOURCE: TermSource = { list: 'misinformation', source: 'written for Loupe', license: 'project license' };

export const MISINFORMATION_TERMS: TermGroup[] = [
  {
    id: 'misinformation.elections.en',
    category: 'misinformation',
    severity: 2,
    lang: 'en',
    terms: [
      'election fraud', 'rigged election', 'election was rigged', 'stolen election', 'election was stolen', 'ballot stuffing',
      'fake ballots', 'ballots being {destroyed,burned,shredded,dumped}', 'polling station {closed,attacked,on fire}',
      'voting machines {hacked,rigged}', 'vote by text', 'vote by phone', 'dead people voting',
    ],
  },
  {
    id: 'misinformation.news.en',
    category: 'misinformation',
    severity: 2,
    lang: 'en',
    terms: [
      'fake news footage', 'realistic news footage', 'real footage of', 'leaked footage of', 'leaked video of', 'bodycam footage of',
      'cctv footage of', 'news report showing', 'live news broadcast', 'breaking news', 'emergency alert', 'evacuation order',
      'president {announces,declares,resigns,arrested,assassinated,collapses,dead}', 'vaccine {kills,causes autism}',
      'nuclear attack on', 'terror attack footage', 'fake press conference', 'moon landing was fake', 'vaccines contain microchips',
      'covid is a hoax',
    ],
  },
  {
    id: 'misinformation.elections.id',
    category: 'misinformation',
    severity: 2,
    lang: 'id',
    terms: [
      'pemilu curang', 'kecurangan pemilu', 'pilpres curang', 'surat suara {dibakar,palsu,dicoblos,dibuang}', 'kpu curang',
      'tps {diserang,dibakar,ditutup}', 'coblos lewat sms',
    ],
  },
  {
    id: 'misinformation.news.id',
    category: 'misinformation',
    severity: 2,
    lang: 'id',
    terms: [
      'berita terkini', 'berita palsu', 'video bocoran', 'rekaman cctv', 'rekaman asli', 'presiden {ditangkap,meninggal,mundur,dibunuh}',
      'peringatan darurat', 'perintah evakuasi', 'vaksin {membunuh,menyebabkan autisme}', 'vaksin berisi chip', 'covid hoaks',
      'konferensi pers palsu',
    ],
  },
];
