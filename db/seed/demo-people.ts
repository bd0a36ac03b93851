/**
 * The demo's people: staff logins for every role, creators, and cameos with each access level.
 * Idempotent, so a second `npm start` (or an interrupted first one) can run it again safely.
 * The passwords are for a local demo only and are printed at start; real staff are invited.
 */
import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../../policies/content-hash';
import type { Database, StaffRole } from '../schema';

export const DEMO_PASSWORD = 'loupe-demo';

export const DEMO_STAFF: { email: string; name: string; role: StaffRole }[] = [
  { email: 'admin@loupe.test', name: 'Ada Admin', role: 'admin' },
  { email: 'reviewer@loupe.test', name: 'Remi Reviewer', role: 'reviewer' },
  { email: 'senior@loupe.test', name: 'Sam Senior', role: 'senior_reviewer' },
  { email: 'policy@loupe.test', name: 'Pia Policy', role: 'policy_manager' },
  { email: 'legal@loupe.test', name: 'Lou Legal', role: 'legal' },
  { email: 'auditor@loupe.test', name: 'Aud Auditor', role: 'auditor' },
];

/** Stable UUIDs from names, so the seed always refers to the same rows and workflows. */
export function demoId(name: string): string {
  const hex = sha256Hex(`loupe-demo:${name}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const DEMO_CREATORS = {
  maya: { handle: 'maya', name: 'Maya Chen', ageBand: 'adult' },
  theo: { handle: 'theo', name: 'Theo Okafor', ageBand: 'adult' },
  ravi: { handle: 'ravi', name: 'Ravi Sharma', ageBand: 'adult' },
  lena: { handle: 'lena', name: 'Lena Novak', ageBand: 'adult' },
  juno: { handle: 'juno', name: 'Juno Park', ageBand: 'teen' },
} as const;

export const DEMO_CAMEOS = {
  maya: { owner: 'maya', name: 'Maya (cameo)', access: 'everyone' },
  theo: { owner: 'theo', name: 'Theo (cameo)', access: 'approved', grantees: ['ravi'] },
  lena: { owner: 'lena', name: 'Lena (cameo)', access: 'only_me' },
} as const;

export async function seedDemoPeople(db: Kysely<Database>): Promise<void> {
  const passwordHash = await hash(DEMO_PASSWORD);
  await db
    .insertInto('staff')
    .values(DEMO_STAFF.map((s) => ({ id: demoId(`staff:${s.email}`), email: s.email, display_name: s.name, role: s.role, password_hash: passwordHash })))
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  await db
    .insertInto('creators')
    .values(Object.values(DEMO_CREATORS).map((c) => ({ id: demoId(`creator:${c.handle}`), handle: c.handle, display_name: c.name, age_band: c.ageBand })))
    .onConflict((oc) => oc.column('handle').doNothing())
    .execute();
  for (const [key, cameo] of Object.entries(DEMO_CAMEOS)) {
    await db
      .insertInto('cameos')
      .values({ id: demoId(`cameo:${key}`), owner_id: demoId(`creator:${cameo.owner}`), display_name: cameo.name, access_level: cameo.access })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    for (const grantee of 'grantees' in cameo ? cameo.grantees : []) {
      await db
        .insertInto('cameo_grants')
        .values({ cameo_id: demoId(`cameo:${key}`), grantee_id: demoId(`creator:${grantee}`) })
        .onConflict((oc) => oc.columns(['cameo_id', 'grantee_id']).doNothing())
        .execute();
    }
  }
}
