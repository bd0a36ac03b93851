/**
 * Settings around reviewing, each change audited: a reviewer's own media filters, and the admin's
 * organisation defaults for them and the share of auto-published clips sampled into the QA queue.
 */
import type { Kysely } from 'kysely';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { saveOrgSetting } from '../../db/queries/org-settings';
import { orgWellnessDefaults, saveWellnessPreferences, wellnessFor, type WellnessSettings } from '../../db/queries/review-wellness';
import type { Database } from '../../db/schema';

type Db = Kysely<Database>;
type Staff = { id: string; email: string };

/** Saves a reviewer's own filters (null: use the organisation default) and returns what now applies. */
export async function saveOwnWellness(db: Db, staff: Staff, prefs: { blurPx: number | null; greyscale: boolean | null; muted: boolean | null }) {
  await saveWellnessPreferences(db, staff.id, prefs);
  await appendAudit(db, { ...staffActor(staff), action: 'staff.wellness', subjectType: 'staff', subjectId: staff.id, after: prefs });
  return wellnessFor(db, staff.id);
}

/** Sets the organisation's default media filters. */
export async function setOrgWellnessDefaults(db: Db, staff: Staff, defaults: WellnessSettings): Promise<WellnessSettings> {
  const before = await orgWellnessDefaults(db);
  await db.transaction().execute(async (trx) => {
    await saveOrgSetting(trx, 'wellness_defaults', defaults);
    await appendAudit(trx, { ...staffActor(staff), action: 'org.wellness_defaults', subjectType: 'org', subjectId: 'wellness_defaults', before, after: defaults });
  });
  return defaults;
}

/** Sets the QA sample share (0..1; null: the worker's configured default). */
export async function setQaSampleRate(db: Db, staff: Staff, setting: { rate: number | null }): Promise<{ rate: number | null }> {
  await db.transaction().execute(async (trx) => {
    await saveOrgSetting(trx, 'qa_sample', setting);
    await appendAudit(trx, { ...staffActor(staff), action: 'org.qa_sample_rate', subjectType: 'org', subjectId: 'qa_sample', after: setting });
  });
  return setting;
}
