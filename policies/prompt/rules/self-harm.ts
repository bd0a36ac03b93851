/**
 * Suicide and self-harm; instructions and encouragement are the most severe.
 * Source: written for Loupe. License: same as the Loupe repository.
 * Prevention and support phrases are in allow-list.ts.
 */
import type { TermGroup, TermSource } from '../types.js';

export const SELF_HARM_SOURCE: TermSource = { list: 'self_harm', source: 'written for Loupe', license: 'project license' };

export const SELF_HARM_TERMS: TermGroup[] = [
  {
    id: 'self_harm.instructions.en',
    category: 'self_harm',
    severity: 4,
    lang: 'en',
    terms: [
      'how to {commit suicide,kill myself,kill yourself,end my life,hang myself,slit my wrists}', 'suicide method*',
      'painless way to die', 'best way to die', 'slit my wrists', 'slitting my wrists', 'pro-ana', 'pro ana', 'proana',
      'thinspo', 'thinspiration', 'how many pills to overdose',
    ],
  },
  {
    id: 'self_harm.intent.en',
    category: 'self_harm',
    severity: 3,
    lang: 'en',
    terms: [
      'kill myself', 'killing myself', 'end my life', 'ending my life', 'hang myself', 'hanging myself',
      'cut myself', 'cutting myself', 'cutting my wrists', 'starve myself', 'starving myself', 'hurt myself',
      'hurting myself', 'jump off a bridge', 'jumping off a bridge', 'want to die', 'wanna die', 'self-harm', 'self harm',
      'self-harming', 'selfharm',
    ],
  },
  {
    id: 'self_harm.mention.en',
    category: 'self_harm',
    severity: 2,
    lang: 'en',
    terms: ['suicide', 'suicidal', 'suicides', 'noose', 'self-injury', 'self injury'],
  },
  {
    id: 'self_harm.ambiguous.en',
    category: 'self_harm',
    severity: 1,
    lang: 'en',
    terms: ['overdose*', 'razor blade*', 'scars on wrist*'],
  },
  {
    id: 'self_harm.instructions.id',
    category: 'self_harm',
    severity: 4,
    lang: 'id',
    terms: ['cara bunuh diri', 'cara mengakhiri hidup', 'cara gantung diri', 'cara sayat nadi', 'cara mati tanpa rasa sakit', 'cara overdosis'],
  },
  {
    id: 'self_harm.intent.id',
    category: 'self_harm',
    severity: 3,
    lang: 'id',
    terms: [
      'gantung diri', 'menggantung diri', 'sayat nadi', 'menyayat nadi', 'menyayat tangan', 'potong nadi', 'mengakhiri hidup',
      'ingin mati', 'pengen mati', 'mau bunuh diri', 'ingin bunuh diri', 'melukai diri', 'menyakiti diri sendiri',
      'loncat dari jembatan', 'minum racun serangga',
    ],
  },
  {
    id: 'self_harm.mention.id',
    category: 'self_harm',
    severity: 2,
    lang: 'id',
    terms: ['bunuh diri', 'percobaan bunuh diri'],
  },
  {
    id: 'self_harm.ambiguous.id',
    category: 'self_harm',
    severity: 1,
    lang: 'id',
    terms: ['overdosis', 'silet'],
  },
];
