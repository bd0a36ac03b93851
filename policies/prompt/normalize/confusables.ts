/**
 * Look-alike characters folded to the Latin letters they imitate, applied after NFKD and
 * lower-casing (so `Ѕ`, `ѕ`, `ｓ` and `𝐬` all reach this table as one lower-case character or
 * have already become `s`). Written for Loupe from visual inspection, with Unicode's
 * confusables.txt (Unicode License V3) as a guide for which scripts to cover; this is a subset
 * chosen for prompt evasion, not a copy of that file.
 *
 * Some entries are visual rather than phonetic on purpose: Cyrillic `в` looks like a small-caps B
 * and `н` like H, which is how they are used to dodge filters.
 */
export const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', б: 'b', в: 'b', г: 'r', д: 'd', е: 'e', ё: 'e', з: 'z', и: 'u', й: 'u', к: 'k', л: 'n',
  м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't', у: 'y', ф: 'f', х: 'x', ц: 'u', ч: 'y',
  ш: 'w', щ: 'w', ъ: 'b', ы: 'bi', ь: 'b', э: 'e', ю: 'io', я: 'r', і: 'i', ї: 'i', ј: 'j', ѕ: 's',
  ԁ: 'd', ӏ: 'l', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h', є: 'e', ґ: 'r', ӕ: 'ae',
  // Greek
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', ζ: 'z', η: 'n', θ: 'o', ι: 'i', κ: 'k', λ: 'l', μ: 'u',
  ν: 'v', ξ: 'e', ο: 'o', π: 'n', ρ: 'p', σ: 'o', ς: 's', τ: 't', υ: 'u', φ: 'f', χ: 'x', ψ: 'w',
  ω: 'w', ϲ: 'c', ϳ: 'j',
  // Latin letters that NFKD leaves alone, and small capitals used as a "font"
  ı: 'i', ȷ: 'j', ł: 'l', ø: 'o', đ: 'd', ð: 'd', þ: 'p', æ: 'ae', œ: 'oe', ß: 'ss', ŋ: 'n',
  ƒ: 'f', ɑ: 'a', ɡ: 'g', ɩ: 'i', ɪ: 'i', ʀ: 'r', ʏ: 'y', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e',
  ғ: 'f', ɢ: 'g', ʜ: 'h', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ǫ: 'q', ꜱ: 's',
  ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ɐ: 'a', ɘ: 'e', ǝ: 'e', ə: 'e', ɛ: 'e', ɔ: 'o', ʃ: 's',
  // Other scripts whose letters are used as Latin look-alikes
  օ: 'o', ս: 'u', ց: 'g', հ: 'h', ⅼ: 'l', ꓲ: 'i', ꓳ: 'o', ꓢ: 's', ꓔ: 't', ꓖ: 'g',
};

/**
 * Regional indicator symbols (🇰 🇮 🇱 🇱) are letters in disguise: U+1F1E6..U+1F1FF map to a..z.
 * Handled arithmetically rather than by table because they are outside the BMP.
 */
export const REGIONAL_INDICATOR_A = 0x1f1e6;
export const REGIONAL_INDICATOR_Z = 0x1f1ff;

/**
 * Emoji-style letter blocks with no Unicode decomposition (so NFKD leaves them alone): negative
 * circled 🅐..🅩 and negative squared 🅰..🆉. Each range runs A..Z.
 */
export const EMOJI_LETTER_RANGES: readonly number[] = [0x1f150, 0x1f170];
