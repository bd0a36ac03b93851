/**
 * The demo's people: staff logins for every role, creators, cameos with each access level (a
 * character, a mutuals-only cameo and one with restrictions among them, issue 11), and follows
 * between creators (maya and ravi are mutuals; theo follows ravi without being followed back).
 * Every cameo gets its consent ledger: a 'created' event, then one event per grant.
 * Idempotent, so a second `npm start` (or an interrupted first one) can run it again safely.
 * The passwords are for a local demo only and are printed at start; real staff are invited.
 */
import { hash } from '@node-rs/argon2';
import type { Kysely, Transaction } from 'kysely';
import type { CameoKind, CameoRestriction } from '../../policies/consent';
import { sha256Hex } from '../../policies/content-hash';
import { appendCameoLedgerChange } from '../queries/cameo-ledger';
import type { CameoAccessLevel, Database, StaffRole } from '../schema';

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

/** A demo cameo: its owner and name, who may use it, and what issue 11 added (all optional). */
interface DemoCameo {
  owner: keyof typeof DEMO_CREATORS;
  name: string;
  access: CameoAccessLevel;
  grantees?: readonly (keyof typeof DEMO_CREATORS)[];
  kind?: CameoKind;
  description?: string;
  restrictions?: CameoRestriction[];
  restrictionsNote?: string;
}

export const DEMO_CAMEOS = {
  maya: { owner: 'maya', name: 'Maya (cameo)', access: 'everyone' },
  theo: { owner: 'theo', name: 'Theo (cameo)', access: 'approved', grantees: ['ravi'] },
  lena: { owner: 'lena', name: 'Lena (cameo)', access: 'only_me' },
  biscuit: {
    owner: 'maya', name: 'Biscuit', access: 'everyone', kind: 'character',
    description: "Maya's corgi: short legs, big ears, a red bandana.",
  },
  ravi: { owner: 'ravi', name: 'Ravi (cameo)', access: 'mutuals' },
  lenaStage: {
    owner: 'lena', name: 'Lena on stage', access: 'everyone',
    restrictions: [{ kind: 'no_topic', topic: 'political' }, { kind: 'no_topic', topic: 'swimwear' }, { kind: 'banned_words', words: ['drunk', 'clown'] }],
    restrictionsNote: 'I sing for a living: keep me out of politics and swimwear, and no jokes about drinking or clowns.',
  },
} as const satisfies Record<string, DemoCameo>;

/** Who follows whom among the demo creators (two follows both ways make mutuals). */
export const DEMO_FOLLOWS: readonly [keyof typeof DEMO_CREATORS, keyof typeof DEMO_CREATORS][] = [
  ['maya', 'ravi'], ['ravi', 'maya'], ['theo', 'ravi'], ['lena', 'maya'],
];

/** Writes a cameo with its ledger if it is not there yet (a cameo that is there already has its ledger). */
async function seedCameo(trx: Transaction<Database>, key: string, cameo: DemoCameo): Promise<void> {
  const id = demoId(`cameo:${key}`);
  const created = {
    kind: cameo.kind ?? 'person', displayName: cameo.name, description: cameo.description ?? null, accessLevel: cameo.access,
    restrictions: cameo.restrictions ?? [], restrictionsNote: cameo.restrictionsNote ?? null,
  };
  const inserted = await trx
    .insertInto('cameos')
    .values({
      id, owner_id: demoId(`creator:${cameo.owner}`), display_name: cameo.name, access_level: cameo.access, kind: created.kind,
      description: created.description, restrictions: JSON.stringify(created.restrictions), restrictions_note: created.restrictionsNote, ledger_version: 1,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return;
  await trx
    .insertInto('cameo_ledger_events')
    .values({ cameo_id: id, version: 1, kind: 'created', payload: JSON.stringify(created), actor_id: demoId(`creator:${cameo.owner}`) })
    .execute();
  for (const grantee of cameo.grantees ?? []) {
    await appendCameoLedgerChange(trx, {
      cameoId: id, change: { kind: 'grant_added', payload: { creatorId: demoId(`creator:${grantee}`) } }, actorId: demoId(`creator:${cameo.owner}`),
    });
  }
}

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
  for (const [key, cameo] of Object.entries(DEMO_CAMEOS) as [string, DemoCameo][]) {
    // Each cameo and its ledger in one transaction (or in the caller's).
    if (db.isTransaction) await seedCameo(db as Transaction<Database>, key, cameo);
    else await db.transaction().execute((trx) => seedCameo(trx, key, cameo));
  }
  await db
    .insertInto('creator_follows')
    .values(DEMO_FOLLOWS.map(([follower, followee]) => ({ follower_id: demoId(`creator:${follower}`), followee_id: demoId(`creator:${followee}`) })))
    .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
    .execute();
}
