/**
 * Where `npm run screen` gets what the pipeline gets from the database: the live overlay, the
 * registries (public figures, copyrighted works) and cameo/character names. From the configured
 * database when it answers (DATABASE_URL / APP_DATABASE_URL, or the embedded server of a running
 * `npm start` in LOUPE_DATA_DIR), else the shipped defaults with the shipped rules.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { LoupeConfig } from '../../config/env.js';
import { createDb, pingDb } from '../../db/connection.js';
import { embeddedAppConnectionString } from '../../db/embedded-postgres.js';
import { loadLiveOverlay, loadRegistries } from '../../db/queries/policy.js';
import type { Database } from '../../db/schema.js';
import { demoId } from '../../db/seed/demo-people.js';
import { DEMO_COPYRIGHT_OPTOUTS, DEMO_PUBLIC_FIGURES } from '../../db/seed/policy-registries.js';
import { starterPublicFigures } from '../../db/seed/protected-persons.js';
import { shippedCopyrightEntries } from '../../db/seed/copyright-works.js';
import { copyrightRegistries } from '../../policies/copyright/registry.js';
import { DEFAULT_COPYRIGHT_STANCE } from '../../policies/copyright/types.js';
import type { PublicFigureEntry } from '../../policies/prompt/types.js';
import { NO_CHANGES, type PolicyRegistries, type RuleSetChanges } from '../../policies/index.js';

/** How long to wait for the database before falling back to the shipped defaults. */
const CONNECT_TIMEOUT_MS = 5000;

/** What screening reads, and where it came from (said once on standard error). */
export interface ScreeningSource {
  label: string;
  registries: PolicyRegistries;
  changes: RuleSetChanges;
  /** Open while screening when the source is a database (cameo and character names come from it). */
  db: Kysely<Database> | null;
}

/**
 * The registries shipped with Loupe, used without a database: what a fresh `npm start` seeds, i.e.
 * the protected-persons starter list (db/seed/protected-persons.ts), the demo registry
 * (db/seed/policy-registries.ts, with the same cameo ids) and the works registry's shipped lists
 * under the default stance (db/seed/copyright-works.ts). The demo's names are invented, so the
 * two share none; if they ever did, the demo entry would be kept.
 */
export function shippedRegistries(): PolicyRegistries {
  const demo: PublicFigureEntry[] = DEMO_PUBLIC_FIGURES.map((f) => ({
    name: f.name,
    ...(f.aliases.length > 0 ? { aliases: [...f.aliases] } : {}),
    living: f.living,
    ...('optedIn' in f && f.optedIn ? { optedIn: true } : {}),
    ...('cameo' in f ? { cameoId: demoId(`cameo:${f.cameo}`) } : {}),
    ...('estateOptedOut' in f && f.estateOptedOut ? { estateOptedOut: true } : {}),
  }));
  const demoNames = new Set(demo.map((f) => f.name));
  return {
    publicFigures: [...demo, ...starterPublicFigures().filter((f) => !demoNames.has(f.name))],
    // The demo's approved opt-out (a block) and the works registry's shipped lists under the default stance (issue 13).
    ...copyrightRegistries(
      [
        ...DEMO_COPYRIGHT_OPTOUTS.filter((o) => o.approved).map((o) => ({
          name: o.name, aliases: o.aliases.map((name) => ({ name, lang: 'en' })), owner: o.owner, rule: 'block' as const, conditions: null,
          public_domain: false, enforcement: 'live' as const, ambiguous: false, context_terms: [],
        })),
        ...shippedCopyrightEntries().map((e) => ({
          name: e.name, aliases: e.aliases, owner: e.owner, rule: e.rule, conditions: e.conditions, public_domain: e.publicDomain,
          enforcement: e.enforcement, ambiguous: e.ambiguous ?? false, context_terms: e.contextTerms ?? [],
        })),
      ],
      DEFAULT_COPYRIGHT_STANCE,
    ),
  };
}

/** The database to read, if one is configured or an embedded one may be running. */
function databaseUrl(config: LoupeConfig): { url: string; label: string } | null {
  if (config.APP_DATABASE_URL) return { url: config.APP_DATABASE_URL, label: 'APP_DATABASE_URL' };
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, label: 'DATABASE_URL' };
  if (existsSync(path.join(config.dataDir, 'postgres', 'PG_VERSION'))) {
    return { url: embeddedAppConnectionString(config.EMBEDDED_POSTGRES_PORT), label: `the embedded database of ${config.dataDir}` };
  }
  return null;
}

/**
 * The database's overlay and registries when it answers, else the shipped ones; `shipped` skips
 * the database. Never throws for an unreachable database: the label says what was used and why.
 */
export async function chooseSource(config: LoupeConfig, options: { shipped: boolean }): Promise<ScreeningSource> {
  const shipped = (why: string): ScreeningSource => ({
    label: `shipped rules and registries (${why})`,
    registries: shippedRegistries(),
    changes: NO_CHANGES,
    db: null,
  });
  if (options.shipped) return shipped('--shipped');
  const target = databaseUrl(config);
  if (!target) return shipped('no DATABASE_URL and no embedded database in LOUPE_DATA_DIR');
  const db = createDb(target.url, { maxConnections: 2 });
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
    });
    try {
      await Promise.race([pingDb(db), timeout]);
    } finally {
      clearTimeout(timer);
    }
    const [registries, live] = await Promise.all([loadRegistries(db), loadLiveOverlay(db)]);
    const overlay = live.promotionId ? `promotion ${live.promotionId}` : 'the shipped rules';
    return { label: `${target.label}: live policy (${overlay}) and its registries`, registries, changes: live.changes, db };
  } catch (error) {
    await db.destroy().catch(() => undefined);
    return shipped(`${target.label} did not answer: ${(error as Error).message}`);
  }
}
