/**
 * Organisation settings the admin page changes, stored as JSON under a key in app_meta: the
 * reviewers' default media filters and the share of auto-published clips sampled for QA.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema';

/** The keys of the settings the console writes. */
export const ORG_SETTING_KEYS = ['wellness_defaults', 'qa_sample', 'copyright_stance', 'copyright_flood'] as const;
export type OrgSettingKey = (typeof ORG_SETTING_KEYS)[number];

/** Stores `value` (as JSON) under `key`, replacing what was there. */
export async function saveOrgSetting(db: Kysely<Database> | Transaction<Database>, key: OrgSettingKey, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db.insertInto('app_meta').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })).execute();
}

/** The stored value under `key`, or undefined when it was never set. */
export async function readOrgSetting(db: Kysely<Database> | Transaction<Database>, key: OrgSettingKey): Promise<unknown> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}
