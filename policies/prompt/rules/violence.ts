/**
 * Graphic violence, gore and threats of violence against people.
 * Source: written for Loupe. License: same as the Loupe repository.
 * Everyday verbs ("kill", "shoot", "bunuh") are severity 1 (explained, never acted on alone);
 * allow-list.ts removes their benign uses ("kill a process", "shooting a basketball").
 */
import type { TermGroup, TermSource } from '../types.js';

export const VIOLENCE_SOURCE: TermSource = { list: 'violence_graphic', source: 'written for Loupe', license: 'project license' };

const PEOPLE = 'him,her,them,you,everyone,everybody,people,my teacher,my boss,my wife,my husband,my classmates,my family,the president,the students,the kids,the children';

export const VIOLENCE_TERMS: TermGroup[] = [
  {
    id: 'violence_graphic.gore.en',
    category: 'violence_graphic',
    severity: 3,
    lang: 'en',
    terms: [
      'gore', 'gory', 'blood and guts', 'behead*', 'decapitat*', 'dismember*', 'disembowel*', 'mutilat*', 'eviscerat*',
      'entrails', 'guts spilling out', 'brains splattered', 'blood splatter*', 'bloodbath', 'massacre*', 'snuff film*',
      'burned alive', 'burning alive', 'skinned alive', 'flayed', 'flaying', 'severed head*', 'severed limb*',
      'slit {his,her,their,my,your} throat', 'stabbed to death', 'stabbing him to death', 'beaten to death',
      'bludgeon*', 'lynching', 'lynched', 'acid attack', 'torture*', 'execution video', 'public execution',
      'shooting people', 'shoots people', 'shot in the head', 'headshot wound', 'mass shooting', 'school shooting',
      'shoot up a school', 'shoot up the school', 'cannibalism', 'eating human flesh', 'exploding head*',
      `{kill,murder,stab,shoot,strangle} {${PEOPLE}}`, 'dead bodies piled', 'pile of corpses', 'killing spree', 'murder spree',
      '{beat,beating,beaten,beats} {him,her,them,a man,a woman,someone,a child,a dog} to death', 'eyes gouged out',
      'gouging {his,her,their} eyes out', 'ripped apart', 'ripping {his,her,their} heart out', 'impaled', 'impaling', 'crucified alive',
      'stoned to death', 'bullet to the head', 'blow {his,her,their} brains out', 'blew {his,her,their} brains out', 'shot dead',
      'decapitation', 'mangled bod*', 'bloodied corpse*', 'torturing animals', 'animal cruelty', 'kicking a dog', 'hanging a cat',
    ],
  },
  {
    id: 'violence_graphic.mild.en',
    category: 'violence_graphic',
    severity: 2,
    lang: 'en',
    terms: ['murder*', 'corpse*', 'dead body', 'dead bodies', 'gunshot wound*', 'stabbing*', 'war crime*', 'genocide', 'bloody corpse', 'strangl*'],
  },
  {
    id: 'violence_graphic.everyday.en',
    category: 'violence_graphic',
    severity: 1,
    lang: 'en',
    terms: ['kill*', 'shoot*', 'shot', 'blood', 'bloody', 'violent', 'violence', 'brutal', 'fight*', 'punch*', 'stab', 'gun', 'guns'],
  },
  {
    id: 'violence_graphic.gore.id',
    category: 'violence_graphic',
    severity: 3,
    lang: 'id',
    terms: [
      'mutilasi', 'memutilasi', 'dimutilasi', 'pemenggalan', 'penggal kepala', 'memenggal', 'dipenggal', 'kepala terpenggal',
      'pembantaian', 'dibantai', 'membantai', 'usus terburai', 'darah muncrat', 'disiksa sampai mati', 'dibakar hidup-hidup',
      'dikuliti', 'penembakan massal', 'penembakan di sekolah', 'ditusuk sampai mati', 'dipukuli sampai mati',
      'gorok leher', 'menggorok', 'digorok', 'tembak kepala', 'kanibal*', 'siram air keras', 'dibunuh secara sadis',
      'ditusuk berkali-kali', 'ditembak mati', 'kepala pecah', 'otak berceceran', 'darah berceceran', 'menyiksa {kucing,anjing,hewan}',
      'penyiksaan hewan', 'dipukuli hingga tewas', 'dibakar massa',
      '{bunuh,tembak,tusuk} {dia,mereka,kamu,semua orang,guruku,guru saya,bos saya,presiden}',
    ],
  },
  {
    id: 'violence_graphic.mild.id',
    category: 'violence_graphic',
    severity: 2,
    lang: 'id',
    terms: ['sadis', 'mayat', 'pembunuhan', 'penyiksaan', 'disiksa', 'bacok', 'dibacok', 'membacok', 'carok', 'genosida', 'tawuran berdarah'],
  },
  {
    id: 'violence_graphic.everyday.id',
    category: 'violence_graphic',
    severity: 1,
    lang: 'id',
    terms: ['bunuh', 'membunuh', 'dibunuh', 'tembak', 'menembak', 'ditembak', 'darah', 'berdarah', 'tusuk', 'kekerasan', 'pukul*'],
  },
];
