/**
 * The registry's Wikidata-style JSON formats (docs/protected-persons.md), parsed without touching
 * the database. Two shapes are read:
 *
 * 1. An array of people, as the shipped starter list is written:
 *    `{ "id": "Q22686", "name": "...", "aliases": [...], "living": true, "born": "1946-06-14",
 *       "died": null, "role": "...", "estate_opted_out": false }`.
 *    `aliases` may be plain strings, Wikidata's `{ "language": "ru", "value": "..." }` objects
 *    (`lang` also accepted), or Wikidata's per-language map `{ "ru": [{ "language": "ru", "value": "..." }] }`.
 *    Instead of `name`, an entity's `labels` map may be given: its English label (else the first)
 *    is the name and the others become aliases. `living` may be left out when `born`/`died` say it.
 *    The query service's plain "JSON file" download has this shape too, with the query's variable
 *    names: `item` (the item's URI) for `id`, `itemLabel` for `name`, `aliases` as one `|`-separated
 *    string; such a row is living unless it gives `died`.
 * 2. A Wikidata SPARQL query result (`{ "head": ..., "results": { "bindings": [...] } }`) with the
 *    variables `item`, `itemLabel`, and optionally `aliases` (`|`-separated, from GROUP_CONCAT),
 *    `itemAltLabel` (the label service's comma-separated list), `born`, `died`, `role`. Several
 *    bindings for one item (one per position or per language) are merged into one person. A person
 *    without a date of death is living: the documented query asks for living people only.
 *
 * Every item is checked (entry.ts); a bad one becomes one sentence naming its position, and the
 * rest of the file is still read.
 */
import { refuseRepeatedRows, toCalendarDate, toWikidataId, validateProtectedPersonRow, type ParsedProtectedPerson, type ParsedRegistryFile, type ProtectedPersonRowInput } from './entry';

type Json = unknown;

const isRecord = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A name in any of the accepted shapes: a string, or `{ value }` with `language`/`lang`. */
function nameValue(value: Json): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.value === 'string') return value.value;
  return undefined;
}

/** The alias shapes of shape 1, flattened; anything unreadable is returned as-is so the schema refuses it. */
function aliasList(value: Json): Json {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((alias) => nameValue(alias) ?? alias);
  if (isRecord(value)) {
    // Wikidata entity JSON: { "ru": [{ language, value }, ...], "zh": [...] }.
    const lists = Object.values(value);
    if (lists.every(Array.isArray)) return (lists as Json[][]).flat().map((alias) => nameValue(alias) ?? alias);
  }
  return value;
}

const optionalText = (value: Json): Json => (value === null || value === '' ? undefined : value);
const optionalDate = (value: Json): Json => (typeof value === 'string' ? (value.trim() === '' ? undefined : toCalendarDate(value)) : optionalText(value));

/** One item of shape 1, mapped to the row schema's names (validation happens there). */
function fromPersonObject(item: Json): ProtectedPersonRowInput | string {
  if (!isRecord(item)) return 'it is not an object with a name';
  // The query service's plain "JSON file" download: one flat object per result row, `item` a URI.
  const fromQuery = typeof item.item === 'string';
  let name = nameValue(item.name) ?? nameValue(item.label) ?? nameValue(item.itemLabel);
  let aliases = fromQuery && typeof item.aliases === 'string' ? item.aliases.split('|').map((alias) => alias.trim()).filter((alias) => alias !== '') : aliasList(item.aliases);
  if (name === undefined && isRecord(item.labels)) {
    const labels = Object.entries(item.labels).map(([language, label]) => [language, nameValue(label)] as const).filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
    const english = labels.find(([language]) => language === 'en') ?? labels[0];
    name = english?.[1];
    if (Array.isArray(aliases)) aliases = [...labels.map(([, label]) => label).filter((label) => label !== name), ...aliases];
  }
  const id = optionalText(item.id ?? item.item);
  const died = optionalDate(item.died ?? item.diedOn);
  return {
    ...(typeof id === 'string' ? { externalId: toWikidataId(id) } : id === undefined ? {} : { externalId: id as string }),
    name: (name ?? '') as string,
    aliases: aliases as string[],
    // A query result lists living people unless it gives a death (the documented query asks for living ones).
    living: (optionalText(item.living) ?? (fromQuery ? died === undefined : undefined)) as boolean | undefined,
    bornOn: optionalDate(item.born ?? item.bornOn) as string | undefined,
    diedOn: died as string | undefined,
    role: optionalText(item.role ?? item.description) as string | undefined,
    estateOptedOut: optionalText(item.estate_opted_out ?? item.estateOptedOut) as boolean | undefined,
    optedIn: optionalText(item.opted_in ?? item.optedIn) as false | undefined,
  };
}

/** A SPARQL binding's value for `name`, or undefined. */
const bound = (binding: Record<string, Json>, name: string): string | undefined => {
  const cell = binding[name];
  return isRecord(cell) && typeof cell.value === 'string' && cell.value.trim() !== '' ? cell.value.trim() : undefined;
};

/** Shape 2: bindings grouped by item, in the order each item first appears. */
function fromSparqlBindings(bindings: Json[]): { row: number; input: ProtectedPersonRowInput | string }[] {
  const people = new Map<string, { row: number; name?: string; aliases: string[]; roles: string[]; born?: string; died?: string }>();
  const out: { row: number; input: ProtectedPersonRowInput | string }[] = [];
  bindings.forEach((binding, index) => {
    const row = index + 1;
    if (!isRecord(binding)) return void out.push({ row, input: 'it is not a SPARQL binding object' });
    const item = bound(binding, 'item');
    if (!item) return void out.push({ row, input: 'it has no ?item (select the person\'s Wikidata item as ?item)' });
    const id = toWikidataId(item);
    let person = people.get(id);
    if (!person) {
      person = { row, aliases: [], roles: [] };
      people.set(id, person);
    }
    const label = bound(binding, 'itemLabel');
    // The label service falls back to the id itself when no label exists in the asked languages.
    if (label && label !== id) person.name ??= label;
    person.aliases.push(...(bound(binding, 'aliases')?.split('|') ?? []), ...(bound(binding, 'itemAltLabel')?.split(', ') ?? []));
    const role = bound(binding, 'role');
    if (role && !person.roles.includes(role)) person.roles.push(role);
    person.born ??= bound(binding, 'born');
    person.died ??= bound(binding, 'died');
  });
  for (const [id, person] of people) {
    out.push({
      row: person.row,
      input: {
        externalId: id,
        name: person.name ?? '',
        aliases: person.aliases.map((alias) => alias.trim()).filter((alias) => alias !== ''),
        living: !person.died,
        ...(person.born ? { bornOn: toCalendarDate(person.born) } : {}),
        ...(person.died ? { diedOn: toCalendarDate(person.died) } : {}),
        ...(person.roles.length > 0 ? { role: person.roles.join('; ') } : {}),
      },
    });
  }
  return out.sort((a, b) => a.row - b.row);
}

/**
 * Parses a registry JSON file in either shape. Never throws for bad content: text that is not JSON,
 * or JSON of neither shape, gives one error and no rows.
 */
export function parseRegistryJson(text: string): ParsedRegistryFile {
  let document: Json;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { rowLabel: 'Item', entries: [], errors: [`The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  return parseRegistryJsonDocument(document);
}

/** Reads an already parsed JSON document in either shape (the shipped starter list is imported as a module). */
export function parseRegistryJsonDocument(document: Json): ParsedRegistryFile {
  let items: { row: number; input: ProtectedPersonRowInput | string }[];
  if (Array.isArray(document)) {
    items = document.map((item, index) => ({ row: index + 1, input: fromPersonObject(item) }));
  } else if (isRecord(document) && isRecord(document.results) && Array.isArray(document.results.bindings)) {
    items = fromSparqlBindings(document.results.bindings);
  } else {
    return { rowLabel: 'Item', entries: [], errors: ['The JSON is neither an array of people nor a SPARQL query result (an object with results.bindings).'] };
  }
  const parsed: ParsedProtectedPerson[] = [];
  const errors: string[] = [];
  for (const { row, input } of items) {
    const result = typeof input === 'string' ? `Item ${row}: ${input}.` : validateProtectedPersonRow(input, row, 'Item');
    if (typeof result === 'string') errors.push(result);
    else parsed.push(result);
  }
  const unique = refuseRepeatedRows(parsed, 'Item');
  return { rowLabel: 'Item', entries: unique.entries, errors: [...errors, ...unique.errors] };
}
