/**
 * The works registry and the copyright stance in the console (issue 13, /copyright/works): list and
 * search entities, edit an entity's rule, conditions, aliases, territories and public domain
 * (legal, admins), import CSV/JSON (in shadow unless a row says live), backtest what promoting
 * shadow entries would change over stored prompts, promote them (policy managers, admins), and
 * switch the stance (admins). Every write carries its audit entry in the same transaction; the
 * next screening compiles the change in under a new policy version.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { appendAudit, staffActor } from '../../db/queries/audit';
import {
  countCopyrightEntities, editCopyrightEntity, getCopyrightEntity, listCopyrightEntities, promoteCopyrightEntities, readCopyrightStance,
  saveCopyrightStance, type CopyrightEntityEdit, type CopyrightEntityFilter,
} from '../../db/queries/copyright-entities';
import { applyCopyrightWorksImport, parseCopyrightImport } from '../../db/copyright-works/import';
import { backtestSample } from '../../db/queries/policy-drafts';
import { loadScreeningInputs } from '../../db/queries/policy';
import { loadScreeningNamesForMany } from '../../db/queries/screening-names';
import type { Database } from '../../db/schema';
import { compileOverlay, type PolicyRegistries } from '../../policies';
import { compareDraftWithLive } from '../../policies/prompt/backtest';
import type { CopyrightStance } from '../../policies/copyright/types';
import { ServiceRefusal } from './refusal';

type Db = Kysely<Database>;
type Staff = { id: string; email: string };

/** One page of the registry with the stance and counts for the page's header. */
export async function worksPage(db: Db, filter: CopyrightEntityFilter, page: { after: [string, string] | null; limit: number }) {
  const [list, counts, stance, shadowHits] = await Promise.all([
    listCopyrightEntities(db, filter, page),
    countCopyrightEntities(db),
    readCopyrightStance(db),
    // Screenings in the last 30 days where a shadow entry would have acted (recorded with every screening).
    db
      .selectFrom('prompt_screenings')
      .select(sql<string>`count(*)`.as('n'))
      .where(sql<boolean>`matches @> '[{"ruleId":"registry.copyright.shadow"}]'::jsonb`)
      .where('screened_at', '>', sql<Date>`now() - interval '30 days'`)
      .executeTakeFirstOrThrow(),
  ]);
  return { ...list, counts, stance, shadowScreenings30d: Number(shadowHits.n) };
}

/** One entity, or NOT_FOUND. */
export async function workDetail(db: Db, id: string) {
  const entity = await getCopyrightEntity(db, id);
  if (!entity) throw new ServiceRefusal('NOT_FOUND', 'There is no works registry entry with that id.');
  return entity;
}

/**
 * Edits an entity (rule, conditions, aliases, territories, public domain, owner). Recorded as a
 * console edit, so shipped lists never overwrite it. Refuses NOT_FOUND for an unknown id.
 */
export async function editWork(db: Db, staff: Staff, id: string, edit: Omit<CopyrightEntityEdit, 'enforcement'>) {
  return db.transaction().execute(async (trx) => {
    const changed = await editCopyrightEntity(trx, id, edit);
    if (!changed) throw new ServiceRefusal('NOT_FOUND', 'There is no works registry entry with that id.');
    await trx.updateTable('copyright_entities').set({ source: `console by ${staff.email}` }).where('id', '=', id).execute();
    await appendAudit(trx, {
      ...staffActor(staff), action: 'copyright.work.edit', subjectType: 'copyright_entity', subjectId: id,
      before: pick(changed.before, edit), after: edit,
    });
    return { id };
  });
}

/** The edited fields' previous values, for the audit entry. */
function pick(row: Awaited<ReturnType<typeof getCopyrightEntity>> & object, edit: object) {
  const names: Record<string, keyof typeof row> = {
    rule: 'rule', conditions: 'conditions', aliases: 'aliases', territories: 'territories', publicDomain: 'public_domain', owner: 'owner',
  };
  return Object.fromEntries(Object.keys(edit).filter((k) => k in names).map((k) => [k, row[names[k]!]]));
}

/** Switches the stance (admins). A no-op when it is already the stance; audited otherwise. */
export async function setStance(db: Db, staff: Staff, stance: CopyrightStance) {
  return db.transaction().execute(async (trx) => {
    const before = await readCopyrightStance(trx);
    if (before === stance) return { stance, changed: false };
    await saveCopyrightStance(trx, stance);
    await appendAudit(trx, { ...staffActor(staff), action: 'copyright.stance.set', subjectType: 'org_setting', subjectId: 'copyright_stance', before: { stance: before }, after: { stance } });
    return { stance, changed: true };
  });
}

/**
 * Imports a CSV or JSON file. With `dryRun` nothing is written and the counts say what would be.
 * A file with any bad row is refused (BAD_REQUEST) with a sentence per row (the first 20), and
 * nothing of it is imported.
 */
export async function importWorks(db: Db, staff: Staff, input: { fileName: string; text: string; dryRun: boolean }) {
  const parsed = parseCopyrightImport(input.fileName, input.text);
  if (parsed.errors.length > 0) {
    const shown = parsed.errors.slice(0, 20).join(' ');
    const more = parsed.errors.length > 20 ? ` …and ${parsed.errors.length - 20} more.` : '';
    throw new ServiceRefusal('BAD_REQUEST', `${input.fileName}: ${parsed.errors.length} ${parsed.errors.length === 1 ? 'row has a problem' : 'rows have problems'}; nothing was imported. Fix them and upload the file again. ${shown}${more}`);
  }
  if (parsed.rows.length === 0) throw new ServiceRefusal('BAD_REQUEST', `${input.fileName} has no entries: add one row per character, work or brand under the header.`);
  const live = parsed.rows.filter((r) => r.row.enforcement === 'live').length;
  const summary = { format: parsed.format, rows: parsed.rows.length, live, shadow: parsed.rows.length - live };
  if (input.dryRun) return { dryRun: true, fileName: input.fileName, ...summary, ids: [] as string[] };
  const source = `import ${input.fileName} by ${staff.email}`;
  const ids = await applyCopyrightWorksImport(db, parsed, source, (trx) =>
    appendAudit(trx, { ...staffActor(staff), action: 'copyright.works.import', subjectType: 'copyright_works_import', subjectId: input.fileName, after: { ...summary, source } }),
  );
  return { dryRun: false, fileName: input.fileName, ...summary, ids, source };
}

/** Which shadow entries a backtest or promotion is about: the given ids, or every shadow entry of a source prefix. */
export type ShadowSelection = { ids: string[] } | { source: string };

async function shadowNames(db: Db, which: ShadowSelection): Promise<Set<string>> {
  let query = db.selectFrom('copyright_entities').select('name').where('enforcement', '=', 'shadow');
  query = 'ids' in which ? query.where('id', 'in', which.ids.length > 0 ? which.ids : ['00000000-0000-0000-0000-000000000000'])
    : query.where('source', 'like', `${which.source.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return new Set((await query.execute()).map((r) => r.name));
}

/**
 * What promoting shadow entries would change: the stored prompts of the backtest sample (the same
 * sample the policy drafts' backtest uses) screened by the live policy and by the live policy with
 * those entries live (policies/prompt/backtest.ts). Audited; nothing else is written.
 */
export async function backtestPromotion(db: Db, staff: Staff, which: ShadowSelection, limit: number) {
  const names = await shadowNames(db, which);
  if (names.size === 0) throw new ServiceRefusal('BAD_REQUEST', 'No entry in shadow matches that choice: pick shadow entries or a source that has some.');
  const inputs = await loadScreeningInputs(db);
  const live = compileOverlay(inputs.live.changes, inputs.registries);
  const promoted: PolicyRegistries = {
    ...inputs.registries,
    copyrightedWorks: (inputs.registries.copyrightedWorks ?? []).map((w) => {
      if (!names.has(w.name) || w.enforcement !== 'shadow') return w;
      const { enforcement: _shadow, ...rest } = w;
      return rest;
    }),
  };
  const candidate = compileOverlay(inputs.live.changes, promoted);
  const sample = await backtestSample(db, limit);
  const screeningNames = await loadScreeningNamesForMany(db, sample.map((row) => ({ prompt: row.prompt, cameoIds: row.cameo_ids })));
  const comparison = compareDraftWithLive(
    live.policy,
    candidate.policy,
    sample.map((row, i) => ({
      requestId: row.request_id, prompt: row.prompt, storedVerdict: row.verdict,
      context: { ageBand: row.age_band, cameoIds: row.cameo_ids, ...screeningNames[i], isRemix: row.is_remix },
    })),
    50,
  );
  const summary = {
    entries: names.size, sampleSize: sample.length, changedCount: comparison.changedCount, transitions: comparison.transitions,
    liveVersion: live.policy.version, promotedVersion: candidate.policy.version,
  };
  await appendAudit(db, { ...staffActor(staff), action: 'copyright.works.backtest', subjectType: 'copyright_entity_selection', subjectId: 'ids' in which ? `${which.ids.length} ids` : which.source, after: summary });
  return {
    ...summary,
    changed: comparison.changed.map((c) => ({ requestId: c.requestId, prompt: c.prompt, liveVerdict: c.liveVerdict, promotedVerdict: c.draftVerdict, categories: c.draftCategories })),
  };
}

/** Makes shadow entries live (policy managers, admins); audited with the ids promoted. */
export async function promoteShadowWorks(db: Db, staff: Staff, which: ShadowSelection) {
  return db.transaction().execute(async (trx) => {
    const ids = await promoteCopyrightEntities(trx, which);
    if (ids.length === 0) throw new ServiceRefusal('BAD_REQUEST', 'No entry in shadow matches that choice: nothing was promoted.');
    await appendAudit(trx, {
      ...staffActor(staff), action: 'copyright.works.promote', subjectType: 'copyright_entity_selection',
      subjectId: 'ids' in which ? `${which.ids.length} ids` : which.source, after: { promoted: ids.length, ids: ids.slice(0, 500) },
    });
    return { promoted: ids.length };
  });
}
