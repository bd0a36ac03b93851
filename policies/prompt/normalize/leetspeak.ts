/**
 * Leetspeak: digits and symbols standing in for letters. Written for Loupe.
 *
 * Only applied inside words that also contain letters (`k1ll`, `s3x`, `h@te`), so numbers such as
 * "2024" or "$100" keep their meaning and numeric codes ("1488") still match as digits. Where a
 * character stands for several letters (`1` → i or l) the matcher tries each.
 */
export const LEET_LETTERS: Readonly<Record<string, readonly string[]>> = {
  '0': ['o'],
  '1': ['i', 'l'],
  '3': ['e'],
  '4': ['a'],
  '5': ['s'],
  '6': ['g'],
  '7': ['t'],
  '8': ['b'],
  '9': ['g'],
  '@': ['a'],
  '$': ['s'],
  '!': ['i'],
  '|': ['l', 'i'],
  '€': ['e'],
};

/** Symbols (not digits) that only ever mean letters; outside a word they are punctuation. */
export const LEET_SYMBOLS = new Set(['@', '$', '!', '|', '€']);
