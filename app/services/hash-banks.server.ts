/**
 * Hash banks from the console (issue 13, /copyright/banks): the banks with their counts, creating an
 * imported bank, importing a hash list into it (CSV or JSON, all or nothing), switching a bank on or
 * off, changing its cut-off, and deciding flood alerts (confirm: the hash acts again; release: the
 * hash is disabled and its held matches cancelled).
 *
 * Every change is a staff action written with its audit entry in one transaction. Switching a bank
 * on starts a rescan of the published catalogue against it (RESCAN's startCopyrightRescan), after
 * the change is committed; the app never writes pipeline state, it starts the workflow.
 * Refusals are `ServiceRefusal`s with the sentence for the person.
 *
 * Decisions recorded here (docs/copyright.md, "Hash banks and flood quarantine"):
 * - an imported positive bank needs an entity or its own rule (allow / review / block), so every
 *   positive match has a rule to act on; a negative bank needs neither;
 * - a hash list is imported whole or not at all: any bad row refuses the file, naming every bad line.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseHashList } from '../../db/hash-banks/parse-hash-list';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { heldMatchesOfBankHash } from '../../db/queries/copyright-matches';
import { addBankHashes, createHashBank, floodRuleSchema, getHashBank, listHashBanks, openFloodAlerts, readFloodRule, touchBank } from '../../db/queries/hash-banks';
import { saveOrgSetting } from '../../db/queries/org-settings';
import type { Database } from '../../db/schema';
import { COPYRIGHT_RULES } from '../../policies/copyright';
import { roleMayDo, type StaffRole } from '../../policies/staff-access';
import { startCopyrightRescan } from './copyright-rescans.server';
import { ServiceRefusal } from './refusal';
import type { WorkflowClientDeps } from './workflow-client.server';

/** The staff member acting: id, email (the audit label) and role. */
type ActingStaff = { id: string; email: string; role: StaffRole };
type Deps = WorkflowClientDeps & { db: Kysely<Database> };

/** PostgreSQL's SQLSTATE for a unique violation (PostgreSQL manual, appendix A). */
const UNIQUE_VIOLATION = '23505';

function mayChange(staff: ActingStaff): void {
  if (!roleMayDo(staff.role, 'copyright_banks')) throw new ServiceRefusal('FORBIDDEN', 'Your role may not change hash banks; ask legal or an admin.');
}

/** The banks (with hash counts and matches in the last day) and the open flood alerts, for the page. */
export async function hashBanksForConsole(db: Kysely<Database>) {
  const [banks, alerts, floodRule] = await Promise.all([listHashBanks(db), openFloodAlerts(db), readFloodRule(db)]);
  return {
    floodRule,
    banks: banks.map((bank) => ({
      id: bank.id, name: bank.name, kind: bank.kind, owner: bank.owner, entityId: bank.entity_id, entityName: bank.entity_name, rule: bank.rule,
      cutoff: bank.cutoff, enabled: bank.enabled, source: bank.source, note: bank.note, createdAt: bank.created_at.toISOString(),
      hashCount: Number(bank.hash_count ?? 0), matchesLastDay: Number(bank.matches_last_day ?? 0),
    })),
    alerts: alerts.map((alert) => ({
      id: alert.id, bankId: alert.bank_id, bankName: alert.bank_name, bankHashId: String(alert.bank_hash_id), hashHex: Buffer.from(alert.hash).toString('hex'),
      recentMatches: alert.recent_matches, windowSeconds: alert.window_seconds, baselineMatches: alert.baseline_matches,
      baselineSeconds: alert.baseline_seconds, raisedAt: alert.raised_at.toISOString(), heldMatches: Number(alert.held_matches ?? 0),
    })),
  };
}

/** A new imported bank, as the console form sends it. */
export const newImportBankSchema = z.object({
  name: z.string().trim().min(2, 'name the bank').max(120, 'a bank name is at most 120 characters'),
  kind: z.enum(['positive', 'negative']),
  owner: z.string().trim().min(2, 'name the bank\'s owner (the rights holder or the team that supplied the list)').max(200),
  entityId: z.uuid().nullable().default(null),
  rule: z.enum(COPYRIGHT_RULES).nullable().default(null),
  cutoff: z.number().int().min(0, 'the cut-off is 0 to 31 bits').max(31, 'the cut-off is 0 to 31 bits (PDQ\'s own guidance is 31)').default(31),
  note: z.string().trim().max(500).nullable().default(null),
});

/**
 * Creates an imported bank (switched off until its hashes are in: switching it on starts the
 * rescan), audited `copyright.bank.create`. Refuses BAD_REQUEST (a positive bank with neither an
 * entity nor a rule; an unknown entity), CONFLICT (the name is taken), FORBIDDEN (role).
 */
export async function createImportBank(db: Kysely<Database>, staff: ActingStaff, input: z.input<typeof newImportBankSchema>): Promise<{ bankId: string }> {
  mayChange(staff);
  const bank = newImportBankSchema.parse(input);
  if (bank.kind === 'positive' && bank.entityId === null && bank.rule === null) {
    throw new ServiceRefusal('BAD_REQUEST', 'A positive bank without a work from the registry needs its own rule: choose allow, review or block, or choose the work.');
  }
  if (bank.entityId !== null) {
    const entity = await db.selectFrom('copyright_entities').select('id').where('id', '=', bank.entityId).executeTakeFirst();
    if (!entity) throw new ServiceRefusal('BAD_REQUEST', 'That work is not in the registry (it may have been removed); choose another or leave it empty and set a rule.');
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const bankId = await createHashBank(trx, { ...bank, source: 'import', enabled: false, createdBy: staff.id });
      await appendAudit(trx, { ...staffActor(staff), action: 'copyright.bank.create', subjectType: 'hash_bank', subjectId: bankId, after: bank });
      return { bankId };
    });
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw new ServiceRefusal('CONFLICT', `A bank named "${bank.name}" already exists; choose another name.`);
    throw error;
  }
}

/** Most characters of an imported hash list (a hash row is under 100 characters). */
export const HASH_LIST_MAX_CHARS = 10 * 1024 * 1024;

/**
 * Imports a CSV or JSON hash list into an imported bank: all rows or none. Refuses BAD_REQUEST
 * with every bad line named (nothing is written), NOT_FOUND, FORBIDDEN. Hashes already in the bank
 * are skipped. Audited `copyright.bank.import` with the counts.
 */
export async function importBankHashes(
  db: Kysely<Database>, staff: ActingStaff, input: { bankId: string; fileName: string; text: string },
): Promise<{ rows: number; added: number; alreadyInBank: number }> {
  mayChange(staff);
  const bank = await getHashBank(db, input.bankId);
  if (!bank) throw new ServiceRefusal('NOT_FOUND', 'That bank no longer exists; reload the page.');
  if (bank.source !== 'import') throw new ServiceRefusal('BAD_REQUEST', 'This bank holds a claim\'s reference media; import hash lists into an imported bank instead.');
  const parsed = parseHashList(input.fileName, input.text);
  if (parsed.errors.length > 0) {
    const shown = parsed.errors.slice(0, 20).join(' ');
    const more = parsed.errors.length > 20 ? ` (and ${parsed.errors.length - 20} more)` : '';
    throw new ServiceRefusal('BAD_REQUEST', `Nothing was imported from ${input.fileName}: ${shown}${more} Fix the file and import it again.`);
  }
  const added = await db.transaction().execute(async (trx) => {
    const count = await addBankHashes(trx, bank.id, parsed.rows.map((row) => ({ hash: row.hash, quality: row.quality, note: row.note })));
    await appendAudit(trx, {
      ...staffActor(staff), action: 'copyright.bank.import', subjectType: 'hash_bank', subjectId: bank.id,
      after: { fileName: input.fileName, rows: parsed.rows.length, added: count },
    });
    return count;
  });
  return { rows: parsed.rows.length, added, alreadyInBank: parsed.rows.length - added };
}

/**
 * Switches a bank on or off, audited `copyright.bank.enable` / `copyright.bank.disable`. Switching
 * it on starts a rescan of the published catalogue against it (returned as `rescanId`); off, the
 * matchers drop it before their next lookup. Refuses NOT_FOUND, FORBIDDEN.
 */
export async function setHashBankEnabled(deps: Deps, staff: ActingStaff, input: { bankId: string; enabled: boolean }): Promise<{ rescanId: string | null }> {
  mayChange(staff);
  const changed = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('hash_banks').select(['enabled']).where('id', '=', input.bankId).forUpdate().executeTakeFirst();
    if (!before) throw new ServiceRefusal('NOT_FOUND', 'That bank no longer exists; reload the page.');
    if (before.enabled === input.enabled) return false;
    await trx.updateTable('hash_banks').set({ enabled: input.enabled }).where('id', '=', input.bankId).execute();
    await touchBank(trx, input.bankId);
    await appendAudit(trx, {
      ...staffActor(staff), action: input.enabled ? 'copyright.bank.enable' : 'copyright.bank.disable', subjectType: 'hash_bank', subjectId: input.bankId,
      before: { enabled: before.enabled }, after: { enabled: input.enabled },
    });
    return true;
  });
  if (!changed || !input.enabled) return { rescanId: null };
  const { rescanId } = await startCopyrightRescan(deps, { trigger: { kind: 'bank', bankId: input.bankId }, bankIds: [input.bankId], startedBy: staff.id });
  return { rescanId };
}

/** Changes a bank's cut-off (0..31 bits), audited `copyright.bank.cutoff`. Refuses NOT_FOUND, FORBIDDEN. */
export async function setHashBankCutoff(db: Kysely<Database>, staff: ActingStaff, input: { bankId: string; cutoff: number }): Promise<void> {
  mayChange(staff);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('hash_banks').select(['cutoff']).where('id', '=', input.bankId).forUpdate().executeTakeFirst();
    if (!before) throw new ServiceRefusal('NOT_FOUND', 'That bank no longer exists; reload the page.');
    await trx.updateTable('hash_banks').set({ cutoff: input.cutoff }).where('id', '=', input.bankId).execute();
    await touchBank(trx, input.bankId);
    await appendAudit(trx, {
      ...staffActor(staff), action: 'copyright.bank.cutoff', subjectType: 'hash_bank', subjectId: input.bankId, before: { cutoff: before.cutoff }, after: { cutoff: input.cutoff },
    });
  });
}

/**
 * Decides an open flood alert, audited `copyright.flood.confirm` / `copyright.flood.release`:
 * - confirm: the hash's matches were real; it is active again (its next matches act) and its held
 *   matches are returned, listed for a person to act on (they stay `held`: nothing acts on them unseen);
 * - release: the hash was bad; it is disabled and its held matches are cancelled.
 * Refuses NOT_FOUND, CONFLICT (already decided), FORBIDDEN.
 */
export async function decideFloodAlert(
  db: Kysely<Database>, staff: ActingStaff, input: { alertId: string; decision: 'confirm' | 'release'; note: string },
): Promise<{ heldMatches: { id: string; requestId: string | null; videoId: string | null; distance: number }[] }> {
  mayChange(staff);
  return db.transaction().execute(async (trx) => {
    const alert = await trx.selectFrom('bank_flood_alerts').select(['id', 'state', 'bank_id', 'bank_hash_id']).where('id', '=', input.alertId).forUpdate().executeTakeFirst();
    if (!alert) throw new ServiceRefusal('NOT_FOUND', 'That flood alert no longer exists; reload the page.');
    if (alert.state !== 'open') throw new ServiceRefusal('CONFLICT', `This alert was already ${alert.state}; reload the page.`);
    const bankHashId = String(alert.bank_hash_id);
    await trx.updateTable('bank_flood_alerts')
      .set({ state: input.decision === 'confirm' ? 'confirmed' : 'released', decided_by: staff.id, decided_at: new Date(), decision_note: input.note })
      .where('id', '=', alert.id).execute();
    await trx.updateTable('bank_hashes')
      .set({ state: input.decision === 'confirm' ? 'active' : 'disabled', state_changed_at: new Date() })
      .where('id', '=', bankHashId).execute();
    const held = await heldMatchesOfBankHash(trx, bankHashId);
    if (input.decision === 'release' && held.length > 0) {
      await trx.updateTable('copyright_matches').set({ action: 'cancelled', note: 'flood quarantine released', updated_at: new Date() })
        .where('bank_hash_id', '=', bankHashId).where('action', '=', 'held').execute();
    }
    await touchBank(trx, alert.bank_id);
    await appendAudit(trx, {
      ...staffActor(staff), action: input.decision === 'confirm' ? 'copyright.flood.confirm' : 'copyright.flood.release', subjectType: 'bank_flood_alert',
      subjectId: alert.id, after: { bankHashId, note: input.note, heldMatches: held.length },
    });
    return {
      heldMatches: input.decision === 'confirm' ? held.map((m) => ({ id: m.id, requestId: m.request_id, videoId: m.video_id, distance: m.distance })) : [],
    };
  });
}

/**
 * Sets the deployment's flood rule (org setting `copyright_flood`, read by every bank check),
 * admin only, audited `copyright.flood.rule`. Refuses FORBIDDEN; the schema refuses values out of range.
 */
export async function setFloodRule(db: Kysely<Database>, staff: ActingStaff, input: z.input<typeof floodRuleSchema>): Promise<void> {
  if (!roleMayDo(staff.role, 'admin')) throw new ServiceRefusal('FORBIDDEN', 'Only an admin may change the flood rule.');
  const rule = floodRuleSchema.parse(input);
  await db.transaction().execute(async (trx) => {
    const before = await readFloodRule(trx);
    await saveOrgSetting(trx, 'copyright_flood', rule);
    await appendAudit(trx, { ...staffActor(staff), action: 'copyright.flood.rule', subjectType: 'org_setting', subjectId: 'copyright_flood', before, after: rule });
  });
}
