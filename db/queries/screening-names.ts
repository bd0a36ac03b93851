/**
 * The names prompt screening needs from the cameo tables: the display names of the cameos a
 * request carries (a person named by their own cameo is the consent engine's question), and the
 * registered characters (cameos of kind `character`: a pet, an object) whose names the prompt
 * contains, so a character called "Sir Wobbles" is not held as a real person.
 *
 * Characters are found as whole words: both texts are lower-cased, every run of characters that are
 * not letters or digits becomes one space, and the name, padded with spaces, must occur in the
 * prompt, padded likewise. So a character called "Lu" is named by "Lu waves" but not by "a blue
 * lake" (a plain substring test matched those, and took any prompt with "lu" in it as naming the
 * character). It is a scan of the live characters, bounded by `MAX_CHARACTER_NAMES` and fine for
 * thousands of characters; at a larger scale a trigram index on the normalised name serves it.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

/** SQL for `text` lower-cased, with non-alphanumeric runs as one space, padded with a space each side. */
const asWords = (text: unknown) => sql<string>`(' ' || regexp_replace(lower(${text}), '[^[:alnum:]]+', ' ', 'g') || ' ')`;

/** At most this many character names are passed to screening (a prompt names a handful at most). */
export const MAX_CHARACTER_NAMES = 50;

/** What `ScreenContext.cameoNames` and `characterNames` hold for one prompt. */
export interface ScreeningNames {
  cameoNames: string[];
  characterNames: string[];
}

/** Display names of `cameoIds` and the characters named in `prompt` (deleted cameos left out). */
export async function loadScreeningNames(db: Db, prompt: string, cameoIds: readonly string[]): Promise<ScreeningNames> {
  const [cameos, characters] = await Promise.all([
    cameoIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('cameos').select('display_name').where('id', 'in', [...cameoIds]).execute(),
    db
      .selectFrom('cameos')
      .select('display_name')
      .where('kind', '=', 'character')
      .where('deleted_at', 'is', null)
      .where(sql<boolean>`strpos(${asWords(prompt)}, ${asWords(sql.ref('display_name'))}) > 0`)
      .orderBy('display_name')
      .limit(MAX_CHARACTER_NAMES)
      .execute(),
  ]);
  return {
    cameoNames: [...new Set(cameos.map((c) => c.display_name))].sort(),
    characterNames: [...new Set(characters.map((c) => c.display_name))].sort(),
  };
}

/**
 * `loadScreeningNames` for many prompts at once (a backtest re-screens thousands of stored
 * decisions): two queries in all, with the same matching as the single version, in input order.
 */
export async function loadScreeningNamesForMany(db: Db, items: readonly { prompt: string; cameoIds: readonly string[] }[]): Promise<ScreeningNames[]> {
  if (items.length === 0) return [];
  const allCameoIds = [...new Set(items.flatMap((item) => item.cameoIds))];
  const [cameos, characters] = await Promise.all([
    allCameoIds.length === 0 ? Promise.resolve([]) : db.selectFrom('cameos').select(['id', 'display_name']).where('id', 'in', allCameoIds).execute(),
    sql<{ ord: string; display_name: string }>`
      SELECT p.ord, c.display_name
      FROM unnest(${items.map((item) => item.prompt)}::text[]) WITH ORDINALITY AS p(prompt, ord)
      JOIN cameos c ON c.kind = 'character' AND c.deleted_at IS NULL AND strpos(${asWords(sql.ref('p.prompt'))}, ${asWords(sql.ref('c.display_name'))}) > 0
      ORDER BY p.ord, c.display_name`.execute(db),
  ]);
  const nameOf = new Map(cameos.map((c) => [c.id, c.display_name]));
  const charactersAt = new Map<number, string[]>();
  for (const row of characters.rows) {
    const index = Number(row.ord) - 1;
    const list = charactersAt.get(index) ?? [];
    if (list.length < MAX_CHARACTER_NAMES && !list.includes(row.display_name)) list.push(row.display_name);
    charactersAt.set(index, list);
  }
  return items.map((item, index) => ({
    cameoNames: [...new Set(item.cameoIds.map((id) => nameOf.get(id)).filter((n): n is string => n !== undefined))].sort(),
    characterNames: charactersAt.get(index) ?? [],
  }));
}
