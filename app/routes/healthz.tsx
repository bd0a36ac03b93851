/** Liveness for operators and load balancers: 200 only when PostgreSQL and Temporal both answer. */
import type { LoaderFunctionArgs } from '@remix-run/node';
import { pingDb } from '../../db/connection';
import { pingTemporal } from '../services/workflow-client.server';

async function check(probe: () => Promise<unknown>) {
  const started = Date.now();
  try {
    await probe();
    return { up: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { up: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function loader({ context }: LoaderFunctionArgs) {
  const [database, temporal] = await Promise.all([
    check(() => pingDb(context.db)),
    check(() => pingTemporal(context)),
  ]);
  const ok = database.up && temporal.up;
  return Response.json({ status: ok ? 'ok' : 'degraded', database, temporal }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
