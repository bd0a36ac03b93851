/**
 * Slurs, dehumanisation of protected groups and targeted harassment.
 * Source: written for Loupe. License: same as the Loupe repository.
 * Slurs are spelled out because the engine must match them; this file is the only place they
 * appear. Indonesian: ethnic and religious slurs only, not the everyday words public lists contain
 * ("cina" as the ordinary name of China in older usage, "anjing"/"babi"/"monyet" meaning animals).
 */
import type { TermGroup, TermSource } from '../types.js';

export const HATE_SOURCE: TermSource = { list: 'hate_harassment', source: 'written for Loupe', license: 'project license' };

const GROUPS = 'jews,muslims,christians,blacks,black people,asians,mexicans,immigrants,refugees,gays,gay people,trans people,women,arabs,indians,chinese people';
const DEHUMANISING = 'animals,vermin,rats,parasites,subhuman,cockroaches,a disease,inferior,not human';

export const HATE_TERMS: TermGroup[] = [
  {
    id: 'hate_harassment.slurs.en',
    category: 'hate_harassment',
    severity: 3,
    lang: 'en',
    terms: [
      'nigger*', 'niggas', 'nigga', 'faggot*', 'kike*', 'spic', 'spics', 'chink*', 'gook*', 'wetback*', 'raghead*',
      'towelhead*', 'sand nigger*', 'beaner*', 'untermensch', 'jungle bunny', 'porch monkey*', 'tranny', 'trannies', 'ching chong', 'golliwog*',
      `{${GROUPS}} are {${DEHUMANISING}}`, `{${GROUPS}} as {${DEHUMANISING}}`, 'gas the jews', 'kill all {jews,muslims,blacks,gays,immigrants,christians}',
    ],
  },
  {
    id: 'hate_harassment.harassment.en',
    category: 'hate_harassment',
    severity: 3,
    lang: 'en',
    terms: ['kill yourself', 'go kill yourself', 'you should die', 'kys'],
  },
  {
    id: 'hate_harassment.insults.en',
    category: 'hate_harassment',
    severity: 2,
    lang: 'en',
    terms: [
      'fag', 'fags', 'coons', 'dyke', 'dykes', 'retard', 'retards', 'retarded', 'paki', 'pakis', 'subhuman', 'go back to your country', 'redskin*', 'shemale*',
      '{humiliate,humiliating,mock,mocking,bully,bullying,make fun of,making fun of} my {classmate,classmates,coworker,teacher,neighbor,neighbour,ex,sister,brother}',
    ],
  },
  {
    id: 'hate_harassment.profanity.en',
    category: 'hate_harassment',
    severity: 1,
    lang: 'en',
    terms: ['bitch*', 'whore*', 'slut*', 'cunt*', 'bastard*', 'asshole*', 'idiot*', 'moron*'],
  },
  {
    id: 'hate_harassment.slurs.id',
    category: 'hate_harassment',
    severity: 3,
    lang: 'id',
    terms: ['papua monyet', 'monyet papua', 'dasar papua monyet', 'bani serbet', 'aseng', 'cokin', 'babi cina', 'cina babi', 'kafir laknat'],
  },
  {
    id: 'hate_harassment.insults.id',
    category: 'hate_harassment',
    severity: 2,
    lang: 'id',
    terms: ['dasar {babi,anjing,monyet,bangsat,lonte}', 'mati saja kau', 'mati aja lo', 'mampus kau', 'bunuh diri saja kau', 'dasar cacat', 'dasar cina', 'cina kafir', 'usir {cina,aseng}'],
  },
  {
    id: 'hate_harassment.profanity.id',
    category: 'hate_harassment',
    severity: 1,
    lang: 'id',
    terms: ['bangsat', 'bajingan', 'goblok', 'tolol', 'kampret', 'keparat', 'banci', 'bencong', 'maho', 'kafir'],
  },
];
