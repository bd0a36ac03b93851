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
      'self-harming', 'selfharm', '{cut,cuts,cutting,slit,slits,slitting} {my,his,her,their} wrists',
      '{hang,hangs,hanging,hanged} {myself,himself,herself,themselves}', '{starve,starves,starving} {myself,himself,herself,themselves}',
      '{overdose,overdoses,overdosing,overdosed} on {pills,sleeping pills,painkillers}', 'suicide note',
      '{swallow,swallows,swallowing,swallowed} {a bottle of,a whole bottle of,all the,all her,all his} pills',
      '{hurt,hurts,hurting} {himself,herself,themselves}', '{burn,burns,burning} {myself,himself,herself,themselves}',
      '{encourage,encouraging,encourages} {self-harm,self harm,suicide}', 'suicide challenge', 'blue whale challenge',
      '{jump,jumps,jumping,jumped} to {my,his,her,their} death', 'end it all', 'ending it all',
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
      'loncat dari jembatan', 'minum racun serangga', 'menyilet tangan', 'melukai diri sendiri', 'tidak ingin hidup lagi',
      'lompat dari gedung', 'minum obat nyamuk', 'ingin mengakhiri hidup',
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
