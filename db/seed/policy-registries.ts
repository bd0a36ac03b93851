/**
 * Demo registry entries for the prompt policy, so the demo shows a living public figure being
 * blocked, an opted-in figure allowed with their cameo, estates, and a character blocked after
 * its owner's copyright opt-out was approved (plus one opt-out still pending for legal to decide).
 * Since issue 13 the approved character is a demo entry of the works registry (`copyright_entities`).
 * Every name is invented for the demo (a placeholder, not a real person, estate or work).
 * Idempotent: fixed ids, insert-or-skip.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { upsertCopyrightEntity } from '../queries/copyright-entities';
import { demoId } from './demo-people';

export const DEMO_PUBLIC_FIGURES = [
  { key: 'vera-quill', name: 'Vera Quill', aliases: ['Senator Quill'], living: true, note: 'Demo placeholder: a living politician who never opted in.' },
  { key: 'maya-chen', name: 'Maya Chen', aliases: [], living: true, optedIn: true, cameo: 'maya', note: 'Demo placeholder: a creator who opted in with her cameo.' },
  { key: 'hollis-grant', name: 'Hollis Grant', aliases: ['Old Hollis'], living: false, estateOptedOut: true, note: 'Demo placeholder: a late actor whose estate opted out.' },
  { key: 'edna-marlow', name: 'Edna Marlow', aliases: [], living: false, note: 'Demo placeholder: a historical figure with no estate opt-out.' },
] as const;

export const DEMO_COPYRIGHT_OPTOUTS = [
  { key: 'captain-comet', name: 'Captain Comet', aliases: ['Cpt. Comet'], owner: 'Stellar Studios (demo)', kind: 'character', approved: true },
  { key: 'blorbo', name: 'Blorbo the Brave', aliases: [], owner: 'Fictional Games Ltd (demo)', kind: 'character', approved: false },
] as const;

export async function seedPolicyRegistries(db: Kysely<Database>): Promise<void> {
  for (const f of DEMO_PUBLIC_FIGURES) {
    await db
      .insertInto('public_figures')
      .values({
        id: demoId(`public-figure:${f.key}`),
        name: f.name,
        aliases: JSON.stringify(f.aliases),
        living: f.living,
        opted_in: 'optedIn' in f ? f.optedIn : false,
        cameo_id: 'cameo' in f ? demoId(`cameo:${f.cameo}`) : null,
        estate_opted_out: 'estateOptedOut' in f ? f.estateOptedOut : false,
        note: f.note,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
  for (const o of DEMO_COPYRIGHT_OPTOUTS) {
    const requestId = demoId(`copyright-optout:${o.key}`);
    await db
      .insertInto('copyright_optout_requests')
      .values({
        id: requestId,
        name: o.name,
        aliases: JSON.stringify(o.aliases),
        owner: o.owner,
        kind: o.kind,
        contact: `rights@${o.key}.example`,
        evidence: 'Demo placeholder: registration certificate on file.',
        state: o.approved ? 'approved' : 'pending',
        decided_at: o.approved ? new Date() : null,
        decision_note: o.approved ? 'Demo seed: approved on first start.' : null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    if (o.approved) {
      // Issue 13: the works registry holds what the policy reads; the opt-out request above is history.
      await upsertCopyrightEntity(db, {
        name: o.name, kind: o.kind, aliases: o.aliases.map((name) => ({ name, lang: 'en' })), owner: o.owner, territories: ['worldwide'],
        rule: 'block', conditions: null, publicDomain: false, source: 'demo seed (copyright opt-out request)', licence: 'demo data',
        sourceDate: null, demo: true, enforcement: 'live',
      }, { onlyOverwriteSource: 'demo seed' });
    }
  }
}
