/**
 * A real, private person named without a consenting cameo (neighbour, ex, classmate), photos of
 * real people, and deepfake/face-swap requests.
 * Source: written for Loupe. License: same as the Loupe repository.
 * Person references are exempt when the request carries a cameo: then the consent engine
 * (policies/consent.ts) decides whether that person agreed.
 */
import type { TermGroup, TermSource } from '../types.js';

export const LIKENESS_SOURCE: TermSource = { list: 'likeness_without_consent', source: 'written for Loupe', license: 'project license' };

const PEOPLE_EN =
  'neighbor,neighbour,ex,ex-girlfriend,ex-boyfriend,ex-wife,ex-husband,boss,coworker,co-worker,colleague,classmate,teacher,crush,girlfriend,boyfriend,wife,husband,roommate,landlord,stepmom,stepmother';

export const LIKENESS_TERMS: TermGroup[] = [
  {
    id: 'likeness_without_consent.person.en',
    category: 'likeness_without_consent',
    severity: 2,
    lang: 'en',
    exemptWithCameo: true,
    terms: [
      `my {${PEOPLE_EN}}`, 'a real person', 'real photo of', 'this photo of', 'from this photo', 'from my photo', 'the uploaded photo',
      "my friend's face", 'my friends face', 'her real face', 'his real face', 'someone i know', 'a girl from my school', 'a guy from my school',
    ],
  },
  {
    id: 'likeness_without_consent.deepfake.en',
    category: 'likeness_without_consent',
    severity: 3,
    lang: 'en',
    terms: [
      'deepfake*', 'deep fake*', 'face swap*', 'faceswap*', 'swap {her,his,their,my} face', 'put {her,his,their} face on',
      'undress {her,him,this photo,this picture}', 'nudify*', 'make {her,him} naked',
    ],
  },
  {
    id: 'likeness_without_consent.person.id',
    category: 'likeness_without_consent',
    severity: 2,
    lang: 'id',
    exemptWithCameo: true,
    terms: [
      '{tetangga,mantan,mantan pacar,bos,atasan,rekan kerja,teman sekelas,guru,gebetan,pacar,istri,suami,teman kos} {saya,aku,gue,gw}',
      'tetanggaku', 'mantanku', 'pacarku', 'gebetanku', 'guruku', 'istriku', 'suamiku', 'foto ini', 'dari foto ini', 'wajah teman saya', 'orang sungguhan',
    ],
  },
  {
    id: 'likeness_without_consent.deepfake.id',
    category: 'likeness_without_consent',
    severity: 3,
    lang: 'id',
    terms: ['tukar wajah', 'ganti wajah', 'tempel wajah', 'telanjangi foto', 'buat dia telanjang'],
  },
];
