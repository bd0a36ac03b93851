/**
 * The demo creator app (/demo) and how it reaches the app API: as any consumer app would, over HTTP
 * with an app key and the `Loupe-Creator` header, acting for the creator chosen on the page.
 *
 * Who may use it: staff with a session (any role), and only while it is on (LOUPE_DEMO_APP; on by
 * default outside production, config/env.ts). Every demo loader and action starts with `requireDemo`.
 *
 * The demo's key: the demo is one more app client ("Demo creator app", a fixed id), stored hashed like
 * every other. Its key in clear lives only in the memory of the server process that serves the demo:
 * on its first demo call a process gives the client a fresh key by rotation (the previous key stays
 * valid for the usual grace period, so a second process's key keeps working) and keeps it. If the
 * API refuses the key (another process rotated twice, or an admin rotated it without grace), the
 * process rotates again and retries once. So no copy of a usable key is ever written to the
 * database, the data folder or the logs, and an admin can still disable the demo's client like any
 * other (the demo then shows the API's refusal). Each rotation is in the audit log, by "demo creator app".
 */
import { redirect, type AppLoadContext } from '@remix-run/node';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { demoAppEnabled } from '../../../config/env';
import { insertAppClient, rotateAppClientKey } from '../../../db/queries/app-clients';
import type { Database } from '../../../db/schema';
import { demoId } from '../../../db/seed/demo-people';
import { staffForRequest } from '../sessions.server';
import { issueAppKey, DEFAULT_ROTATION_GRACE_HOURS } from './app-clients.server';
import { API_BASE_PATH, CREATOR_HEADER } from './dispatch.server';

/** The demo's app client: one fixed id, so every process and restart uses the same row. */
export const DEMO_APP_CLIENT_ID = demoId('app-client:demo-creator-app');
const DEMO_ACTOR = { actorStaffId: null, actorLabel: 'demo creator app' };

/** This process's demo key, per database (tests run several contexts in one process). */
const keys = new WeakMap<Kysely<Database>, Promise<string>>();

/** Gives the demo client a new key (creating the client on first use) and returns it. */
async function renewDemoKey(db: Kysely<Database>): Promise<string> {
  const issued = issueAppKey();
  const rotated = await rotateAppClientKey(db, DEMO_ACTOR, DEMO_APP_CLIENT_ID, {
    keyPrefix: issued.keyPrefix, keyHash: issued.keyHash, graceSeconds: DEFAULT_ROTATION_GRACE_HOURS * 3600,
  });
  if (rotated) return issued.key;
  const exists = await db.selectFrom('app_clients').select('id').where('id', '=', DEMO_APP_CLIENT_ID).executeTakeFirst();
  // Disabled by an admin: keep the key we just made up; the API will refuse it and the demo says so.
  if (exists) return issued.key;
  try {
    await insertAppClient(db, DEMO_ACTOR, { id: DEMO_APP_CLIENT_ID, name: 'Demo creator app', keyPrefix: issued.keyPrefix, keyHash: issued.keyHash, rateLimitPerMinute: 600 });
    return issued.key;
  } catch {
    // Another process created it at the same moment: rotate instead.
    return renewDemoKey(db);
  }
}

function demoKey(db: Kysely<Database>, renew = false): Promise<string> {
  let key = keys.get(db);
  if (!key || renew) {
    key = renewDemoKey(db);
    keys.set(db, key);
    key.catch(() => keys.delete(db));
  }
  return key;
}

/** The answer of an API call: its JSON on success, or the API's error sentence. */
export type DemoApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string };

/** Calls the app API over HTTP at this server's own address (its socket's, `context.serverOrigin`), as `creatorId`. Never throws for a failed call. */
export async function callDemoApi<T = Record<string, unknown>>(
  context: AppLoadContext,
  creatorId: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<DemoApiResult<T>> {
  // This server's own address from its socket: the request's Host (or X-Forwarded-Host) is the
  // client's to write, and the demo's key must never be sent where a client points it.
  if (!context.serverOrigin) return { ok: false, status: 503, code: 'internal', message: 'The demo cannot tell this server\'s own address, so it cannot call the app API.' };
  const url = `${context.serverOrigin}${API_BASE_PATH}${path}`;
  const send = async (key: string) => fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      [CREATOR_HEADER]: creatorId,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let response: Response;
  try {
    response = await send(await demoKey(context.db));
    if (response.status === 401) response = await send(await demoKey(context.db, true));
  } catch (error) {
    console.error('[loupe] the demo creator app could not reach the app API:', error);
    return { ok: false, status: 503, code: 'internal', message: 'The demo could not reach the app API on this server; try again.' };
  }
  const json = (await response.json().catch(() => null)) as ({ error?: { code: string; message: string } } & T) | null;
  if (response.ok && json) return { ok: true, status: response.status, data: json };
  return { ok: false, status: response.status, code: json?.error?.code ?? 'internal', message: json?.error?.message ?? `The API answered ${response.status}.` };
}

/** The demo's creators to choose from (the demo's own choice list, not part of the app API). */
export function demoCreators(db: Kysely<Database>) {
  return db.selectFrom('creators').select(['id', 'handle', 'display_name']).orderBy('handle').limit(500).execute();
}

/**
 * Every demo loader and action starts here: 404 when the demo is off, the login page without a
 * staff session; then the acting creator from `?as=` (the first creator when absent or unknown).
 */
export async function requireDemo(request: Request, context: AppLoadContext) {
  if (!demoAppEnabled()) throw new Response('The demo creator app is turned off on this server (LOUPE_DEMO_APP).', { status: 404 });
  const staff = await staffForRequest(context.db, request);
  const url = new URL(request.url);
  if (!staff) throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  const creators = await demoCreators(context.db);
  const asked = url.searchParams.get('as');
  // One beyond the switcher's first 500 is still found by its id.
  const askedCreator = asked && z.uuid().safeParse(asked).success && !creators.some((c) => c.id === asked)
    ? await context.db.selectFrom('creators').select(['id', 'handle', 'display_name']).where('id', '=', asked).executeTakeFirst()
    : undefined;
  if (askedCreator) creators.unshift(askedCreator);
  const creator = creators.find((c) => c.id === asked) ?? creators[0] ?? null;
  return {
    staff,
    creators,
    creator,
    /** Calls the API as the chosen creator; refuses when there is none. */
    api: <T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<DemoApiResult<T>> => {
      if (!creator) return Promise.resolve({ ok: false, status: 400, code: 'bad_request', message: 'There are no creators yet; start Loupe with its demo data.' });
      return callDemoApi<T>(context, creator.id, method, path, body);
    },
  };
}

/**
 * A demo form post's fields. A body that is not a form (no or another Content-Type, broken
 * encoding) is the client's mistake: answered 400 with a sentence, never a 500.
 */
export async function demoForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response('The demo could not read this as a form: send it from the demo\'s own page.', { status: 400 });
  }
}
