/**
 * The names prompt screening needs from the cameo tables: the display names of the cameos a
 * request carries (a person named by their own cameo is the consent engine's question), and the
 * registered characters (cameos of kind `character`: a pet, an object) whose names the prompt
 * contains, so a character called "Sir Wobbles" is not held as a real person.
 *
 * Characters are found by a substring test on lower-cased text, a scan of the live characters; it
 * is bounded by `MAX_CHARACTER_NAMES` and fine for thousands of characters. At a larger scale a
 * trigram index on lower(display_name) serves the same query.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema';

type Db = Kysely<Database> | Transaction<Database>;

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
      .where(sql<boolean>`strpos(lower(${prompt}), lower(display_name)) > 0`)
      .orderBy('display_name')
      .limit(MAX_CHARACTER_NAMES)
      .execute(),
  ]);
  return {
    cameoNames: [...new Set(cameos.map((c) => c.display_name))].sort(),
    characterNames: [...new Set(characters.map((c) => c.display_name))].sort(),
  };
}
