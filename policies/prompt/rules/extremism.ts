/**
 * Terrorist and violent-extremist organisations, their propaganda, slogans and codes.
 * Source: written for Loupe. License: same as the Loupe repository.
 * Historical and educational phrases ("Nazi Germany", "Holocaust memorial") are in allow-list.ts.
 */
import type { TermGroup, TermSource } from '../types.js';

export const EXTREMISM_SOURCE: TermSource = { list: 'extremism', source: 'written for Loupe', license: 'project license' };

export const EXTREMISM_TERMS: TermGroup[] = [
  {
    id: 'extremism.organisations.en',
    category: 'extremism',
    severity: 3,
    lang: 'any',
    terms: [
      'isis', 'isil', 'daesh', 'al-qaeda', 'al qaeda', 'alqaeda', 'al-shabaab', 'al shabaab', 'boko haram', 'atomwaffen',
      'ku klux klan', 'kkk', 'neo-nazi*', 'neo nazi*', 'neonazi*', 'jamaah islamiyah', 'jemaah islamiyah',
      'jamaah ansharut daulah', 'jamaah ansharut tauhid', 'mujahidin indonesia timur',
    ],
  },
  {
    id: 'extremism.propaganda.en',
    category: 'extremism',
    severity: 3,
    lang: 'en',
    terms: [
      'heil hitler', 'sieg heil', 'white power', 'white supremac*', '14 words', '1488', 'white genocide', 'race war',
      'day of the rope', 'jihadi propaganda', 'jihadist propaganda', 'terrorist propaganda', 'recruit* for jihad', '{recruitment,recruiting} {video,videos} for jihad', 'jihad recruitment', 'join the jihad',
      'martyrdom operation*', 'suicide bomber*', 'suicide bombing*', 'car bomb attack', 'beheading video',
      'christchurch shooter', 'brenton tarrant', 'glorify* terrorism', 'isis flag', 'join isis', 'terrorist attack on',
      'hitler was right', 'holocaust {never happened,is a lie,was a hoax,is a hoax}', 'jihadi john', 'lone wolf attack',
      'shooter manifesto', 'pledge allegiance to {isis,al qaeda,al-qaeda}',
    ],
  },
  {
    id: 'extremism.symbols.en',
    category: 'extremism',
    severity: 2,
    lang: 'en',
    terms: ['nazi', 'nazis', 'swastika*', 'hakenkreuz', 'totenkopf', 'great replacement', 'taliban', 'islamic state', 'proud boys', 'confederate flag rally'],
  },
  {
    id: 'extremism.propaganda.id',
    category: 'extremism',
    severity: 3,
    lang: 'id',
    terms: [
      'bom bunuh diri', 'pengantin bom', 'propaganda teroris', 'rekrutmen isis', 'bendera isis', 'gabung isis',
      'serangan teroris ke', 'aksi teror di', 'merakit bom untuk', 'hijrah ke suriah', 'baiat {isis,kepada isis}', 'berbaiat kepada isis',
    ],
  },
  {
    id: 'extremism.mention.id',
    category: 'extremism',
    severity: 1,
    lang: 'id',
    terms: ['teroris', 'terorisme', 'radikalisme'],
  },
];
