/**
 * Well-known copyrighted characters, franchises and brands, reviewed (not blocked) by default.
 * Owners' approved opt-outs arrive as the `copyrightedWorks` registry and are blocked.
 * Source: written for Loupe (names of works are facts, not copyrightable). License: same as the
 * Loupe repository. Names that are also common words or first names ("Mario", "Thor", "one piece")
 * appear only in unambiguous forms.
 */
import type { TermGroup, TermSource } from '../types.js';

export const COPYRIGHT_SOURCE: TermSource = { list: 'copyright', source: 'written for Loupe', license: 'project license' };

export const COPYRIGHT_TERMS: TermGroup[] = [
  {
    id: 'copyright.characters',
    category: 'copyright',
    severity: 2,
    lang: 'any',
    terms: [
      'mickey mouse', 'minnie mouse', 'donald duck', 'goofy disney', 'pikachu', 'pokemon', 'pokémon', 'spider-man', 'spiderman',
      'batman', 'superman', 'wonder woman', 'darth vader', 'star wars', 'baby yoda', 'grogu', 'yoda', 'harry potter', 'hogwarts',
      'super mario', 'mario bros', 'sonic the hedgehog', 'hello kitty', 'shrek', 'elsa from frozen', 'iron man', 'captain america',
      'avengers', 'spongebob*', 'squidward', 'peppa pig', 'paw patrol', 'minecraft', 'fortnite', 'barbie', 'doraemon', 'naruto',
      'dragon ball', 'goku', 'upin ipin', 'upin dan ipin', 'si unyil', 'gundala', 'the simpsons', 'bart simpson', 'homer simpson',
      'winnie the pooh', 'james bond', 'incredible hulk', 'jurassic park', 'optimus prime', 'godzilla', 'toy story', 'buzz lightyear',
      'minions', 'suicide squad', 'hunger games', 'lord of the rings', 'gandalf', 'game of thrones', 'stranger things', 'squid game',
    ],
  },
  {
    id: 'copyright.brands',
    category: 'copyright',
    severity: 2,
    lang: 'any',
    terms: ['coca-cola', 'coca cola', 'nike logo', "mcdonald's", 'mcdonalds', 'disney logo', 'apple logo', 'starbucks logo', 'louis vuitton', 'gucci logo'],
  },
];
