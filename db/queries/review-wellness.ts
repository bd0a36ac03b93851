/** Reviewer wellness: org defaults (app_meta) with per-reviewer overrides (staff_preferences). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { readOrgSetting } from './org-settings';

export interface WellnessSettings {
  blurPx: number;
  greyscale: boolean;
  muted: boolean;
}

export const FALLBACK_WELLNESS: WellnessSettings = { blurPx: 28, greyscale: true, muted: true };

export async function orgWellnessDefaults(db: Kysely<Database>): Promise<WellnessSettings> {
  return { ...FALLBACK_WELLNESS, ...((await readOrgSetting(db, 'wellness_defaults')) as Partial<WellnessSettings> | undefined) };
}

export async function wellnessFor(db: Kysely<Database>, staffId: string) {
  const [defaults, own] = await Promise.all([
    orgWellnessDefaults(db),
    db.selectFrom('staff_preferences').selectAll().where('staff_id', '=', staffId).executeTakeFirst(),
  ]);
  const effective: WellnessSettings = {
    blurPx: own?.blur_px ?? defaults.blurPx,
    greyscale: own?.greyscale ?? defaults.greyscale,
    muted: own?.muted ?? defaults.muted,
  };
  return { defaults, own: own ? { blurPx: own.blur_px, greyscale: own.greyscale, muted: own.muted } : null, effective };
}

export async function saveWellnessPreferences(db: Kysely<Database>, staffId: string, prefs: { blurPx: number | null; greyscale: boolean | null; muted: boolean | null }) {
  await db
    .insertInto('staff_preferences')
    .values({ staff_id: staffId, blur_px: prefs.blurPx, greyscale: prefs.greyscale, muted: prefs.muted, updated_at: new Date() })
    .onConflict((oc) => oc.column('staff_id').doUpdateSet({ blur_px: prefs.blurPx, greyscale: prefs.greyscale, muted: prefs.muted, updated_at: new Date() }))
    .execute();
}
