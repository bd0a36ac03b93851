import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema';

export interface AuditEntry {
  actorStaffId: string | null;
  /** Who acted, in words: a staff email, or "system" for automated steps. */
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
}

/** The actor fields of an audit entry for a staff member's own action: their id, and their email as the label. */
export function staffActor(staff: { id: string; email: string }): Pick<AuditEntry, 'actorStaffId' | 'actorLabel'> {
  return { actorStaffId: staff.id, actorLabel: staff.email };
}

/** Appends to the hash-chained, append-only audit log (the chain itself is kept by a trigger). */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_staff_id: entry.actorStaffId,
      actor_label: entry.actorLabel,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}
