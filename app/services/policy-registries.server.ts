/**
 * The registries compiled into the prompt policy, edited from the console: public figures. (Since
 * issue 13 copyright works live in the works registry, app/services/copyright-works.server.ts; the
 * old copyright opt-out requests are read-only history and nothing writes them.) The next
 * screening compiles the change in (a new policy version). Each write carries its audit entry in
 * the same transaction.
 */
import type { Kysely } from 'kysely';
import { appendAudit, staffActor } from '../../db/queries/audit';
import {
  getPublicFigure, PublicFigureRefused, savePublicFigure as writePublicFigure, type PublicFigureEntry,
} from '../../db/queries/policy-registries';
import { importProtectedPersons, parseRegistryFile, registryFormatOf, type RegistryFormat, type RegistryImportReport } from '../../db/protected-persons/import';
import type { Database } from '../../db/schema';
import { REGISTRY_FILE_MAX_BYTES } from '../../policies/registry-import';
import { ServiceRefusal } from './refusal';

type Db = Kysely<Database>;
type Staff = { id: string; email: string };

/**
 * Adds a public figure, or updates the one with `id`. Refuses NOT_FOUND for an unknown id,
 * CONFLICT for a name already registered, BAD_REQUEST for a cameo that does not exist.
 */
export async function savePublicFigure(db: Db, staff: Staff, input: PublicFigureEntry & { id?: string }) {
  return db.transaction().execute(async (trx) => {
    const before = input.id ? await getPublicFigure(trx, input.id) : undefined;
    if (input.id && !before) throw new ServiceRefusal('NOT_FOUND', 'There is no public figure with that id.');
    let id: string;
    try {
      // Recorded as a console edit, so the shipped starter list never overwrites it (db/seed/protected-persons.ts).
      id = await writePublicFigure(trx, { ...input, source: `console by ${staff.email}` }, before?.id);
    } catch (error) {
      if (error instanceof PublicFigureRefused) throw new ServiceRefusal(error.reason === 'duplicate_name' ? 'CONFLICT' : 'BAD_REQUEST', error.message);
      throw error;
    }
    await appendAudit(trx, {
      ...staffActor(staff), action: before ? 'policy.public_figure.update' : 'policy.public_figure.create', subjectType: 'public_figure', subjectId: id,
      before: before ?? undefined, after: input,
    });
    return { id };
  });
}

/** The largest registry file's text, in characters: a file within the upload limit in bytes (policies/registry-import.ts) always fits. */
export const REGISTRY_IMPORT_MAX_CHARS = REGISTRY_FILE_MAX_BYTES;

/**
 * Imports a protected-persons list (CSV or Wikidata-style JSON, docs/protected-persons.md) uploaded
 * in the console: every row through `upsertProtectedPerson`, refused rows counted with their
 * sentences. A dry run writes nothing and returns exactly what applying would do; an applied import
 * writes one audit entry with its counts, in the same transaction as the rows. The source recorded
 * on each row is "import <file> by <staff email>". Refuses BAD_REQUEST for a file with no readable
 * row at all (nothing to preview or apply).
 */
export async function importRegistryFile(
  db: Db,
  staff: Staff,
  input: { fileName: string; text: string; format?: RegistryFormat; dryRun: boolean },
): Promise<RegistryImportReport & { format: RegistryFormat; fileName: string }> {
  const format = input.format ?? registryFormatOf(input.fileName, input.text);
  const parsed = parseRegistryFile(format, input.text);
  if (parsed.entries.length === 0) {
    throw new ServiceRefusal('BAD_REQUEST', `${input.fileName} has no row that could be imported. ${parsed.errors.slice(0, 3).join(' ')}`.trim());
  }
  const report = await importProtectedPersons(db, parsed, { label: `import ${input.fileName} by ${staff.email}` }, {
    dryRun: input.dryRun,
    onApplied: (trx, counts) =>
      appendAudit(trx, {
        ...staffActor(staff), action: 'policy.public_figure.import', subjectType: 'public_figure_import', subjectId: input.fileName,
        after: { format, added: counts.added, updated: counts.updated, unchanged: counts.unchanged, refused: counts.refused.length },
      }),
  });
  return { ...report, format, fileName: input.fileName };
}
