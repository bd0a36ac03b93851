/**
 * App clients of the app-facing API, as admins manage them: create one (its key is returned once
 * and never again), rotate its key (the old key keeps working for a grace period) and disable it.
 * Keys are `loupe_` followed by 32 random bytes in base64url; only their SHA-256 is stored
 * (db/migrations/013_app_clients.ts says why a fast hash is right for them).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { disableAppClient, insertAppClient, rotateAppClientKey, type AppClientActor } from '../../../db/queries/app-clients';
import { hashBearerToken } from '../../../db/queries/token-hash';
import type { Database } from '../../../db/schema';
import { ServiceRefusal } from '../refusal';

/** What every key starts with, so a leaked one is recognisable in logs and by secret scanners. */
export const APP_KEY_PREFIX = 'loupe_';
/** How many characters of a key staff see: the marker and 8 random characters, enough to tell keys apart. */
const SHOWN_PREFIX_LENGTH = APP_KEY_PREFIX.length + 8;
/** Default grace period of a rotated-out key: a day, long enough to deploy the new key everywhere. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

/** A new key in clear (to show once), with what is stored of it. */
export interface IssuedKey {
  key: string;
  keyPrefix: string;
  keyHash: string;
}

/** A fresh random key: 256 bits from the system's CSPRNG. */
export function issueAppKey(): IssuedKey {
  const key = `${APP_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, keyPrefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: hashBearerToken(key) };
}

export const createAppClientInput = z.object({
  name: z.string().trim().min(1, 'name the app (for example "Loupe iOS app")').max(100, 'use at most 100 characters for the name'),
  rateLimitPerMinute: z.number().int('a whole number of calls per minute').min(1, 'allow at least 1 call per minute').max(100_000).default(600),
});

export const rotateAppClientInput = z.object({
  clientId: z.uuid({ message: 'clientId must be an app client id (UUID)' }),
  /** How long the replaced key keeps working; 0 ends it at once (a leaked key). */
  graceHours: z.number().min(0, 'the grace period cannot be negative').max(24 * 7, 'a grace period of at most a week').default(DEFAULT_ROTATION_GRACE_HOURS),
});

export const disableAppClientInput = z.object({ clientId: z.uuid({ message: 'clientId must be an app client id (UUID)' }) });

/** Creates a client and returns its id and key; the key is not stored and cannot be shown again. */
export async function createAppClient(
  db: Kysely<Database>,
  actor: AppClientActor,
  input: z.input<typeof createAppClientInput>,
): Promise<{ clientId: string; key: string; keyPrefix: string }> {
  const parsed = createAppClientInput.parse(input);
  const issued = issueAppKey();
  const clientId = await insertAppClient(db, actor, { name: parsed.name, keyPrefix: issued.keyPrefix, keyHash: issued.keyHash, rateLimitPerMinute: parsed.rateLimitPerMinute });
  return { clientId, key: issued.key, keyPrefix: issued.keyPrefix };
}

/**
 * Gives a client a new key; the old one works `graceHours` more. Refuses NOT_FOUND for an unknown or
 * disabled client (a disabled client stays disabled: create a new one).
 */
export async function rotateAppClient(
  db: Kysely<Database>,
  actor: AppClientActor,
  input: z.input<typeof rotateAppClientInput>,
): Promise<{ key: string; keyPrefix: string }> {
  const parsed = rotateAppClientInput.parse(input);
  const issued = issueAppKey();
  const rotated = await rotateAppClientKey(db, actor, parsed.clientId, {
    keyPrefix: issued.keyPrefix, keyHash: issued.keyHash, graceSeconds: Math.round(parsed.graceHours * 3600),
  });
  if (!rotated) throw new ServiceRefusal('NOT_FOUND', 'There is no enabled app client with that id; a disabled client cannot be rotated, create a new one instead.');
  return { key: issued.key, keyPrefix: issued.keyPrefix };
}

/** Disables a client at once, both keys. Refuses NOT_FOUND when there is no enabled client with that id. */
export async function disableClient(db: Kysely<Database>, actor: AppClientActor, input: z.input<typeof disableAppClientInput>): Promise<{ disabled: true }> {
  const parsed = disableAppClientInput.parse(input);
  if (!(await disableAppClient(db, actor, parsed.clientId))) throw new ServiceRefusal('NOT_FOUND', 'There is no enabled app client with that id (it may be disabled already).');
  return { disabled: true };
}
