/**
 * Copyright rescans from the app (issue 13): starting one (BANKS' "enable a bank", the console),
 * reading them with their rate and ETA for /copyright/rescans, and pausing, resuming or cancelling a
 * running one. The app only commands (single writer): a start starts the copyrightRescan workflow,
 * whose first activity writes the row; pause, resume and cancel are signals. Staff commands are
 * audited before the signal is sent.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CopyrightRescanTrigger } from '../../contracts';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { listCopyrightRescans, type CopyrightRescanRow } from '../../db/queries/copyright-rescans';
import type { CopyrightRescanState, Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';
import {
  copyrightRescanLiveProgress, signalCopyrightRescan, startCopyrightRescanWorkflow, WorkflowRefusedUpdate, type WorkflowClientDeps,
} from './workflow-client.server';

type Deps = WorkflowClientDeps & { db: Kysely<Database> };

/** What starts a rescan. */
export interface StartCopyrightRescanInput {
  trigger: CopyrightRescanTrigger;
  /** The banks to compare with; [] means every enabled bank. */
  bankIds: string[];
  /** The staff member who started it (a bank switched on from the console); null for a claim's approval. */
  startedBy: string | null;
  /** Pass one to make a retried command harmless; minted otherwise. */
  rescanId?: string;
  /** Published videos per batch (default 100); tests and the benchmark set their own. */
  batchSize?: number;
  /** Batches per workflow run before it continues as new (default 50). */
  batchesPerRun?: number;
}

/**
 * Starts a rescan and answers its id (the workflow id is `copyright-rescan-<rescanId>`). Writes
 * nothing: the workflow's first activity writes the copyright_rescans row, so the console shows the
 * rescan a moment later. Throws what the Temporal client throws when Temporal is unreachable.
 */
export async function startCopyrightRescan(deps: WorkflowClientDeps, input: StartCopyrightRescanInput): Promise<{ rescanId: string }> {
  const rescanId = input.rescanId ?? randomUUID();
  await startCopyrightRescanWorkflow(deps, {
    rescanId,
    trigger: input.trigger,
    bankIds: input.bankIds,
    startedBy: input.startedBy,
    ...(input.batchSize !== undefined ? { batchSize: input.batchSize } : {}),
    ...(input.batchesPerRun !== undefined ? { batchesPerRun: input.batchesPerRun } : {}),
  });
  return { rescanId };
}

/** One rescan as /copyright/rescans shows it. Times are ISO 8601 strings; the rate is videos per second. */
export interface CopyrightRescanView {
  rescanId: string;
  trigger: CopyrightRescanTrigger;
  bankIds: string[];
  state: CopyrightRescanState;
  total: number;
  scanned: number;
  matched: number;
  takenDown: number;
  queued: number;
  held: number;
  /** Published videos scanned per second of scanning (pauses left out); null before the first batch. */
  ratePerSecond: number | null;
  /** Seconds left at that rate; null when finished, paused or before a rate exists. */
  etaSeconds: number | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  lastError: string | null;
  /** True when the counts came from the running workflow (fresher than the row, saved once per batch). */
  live: boolean;
}

/**
 * The rate and ETA of a rescan: rate = scanned / active seconds (started to the last save, pauses
 * left out); ETA = (total - scanned) / rate, only while running. Pure.
 */
export function rescanRateAndEta(input: { state: CopyrightRescanState; total: number; scanned: number; activeSeconds: number }): { ratePerSecond: number | null; etaSeconds: number | null } {
  const ratePerSecond = input.scanned > 0 && input.activeSeconds > 0 ? input.scanned / input.activeSeconds : null;
  const left = Math.max(0, input.total - input.scanned);
  const etaSeconds = input.state === 'running' && ratePerSecond ? left / ratePerSecond : null;
  return { ratePerSecond, etaSeconds };
}

async function viewOf(deps: Deps, row: CopyrightRescanRow): Promise<CopyrightRescanView> {
  const live = row.state === 'running' || row.state === 'paused' ? await copyrightRescanLiveProgress(deps, row.id) : null;
  const counts = live ?? { state: row.state, total: row.total, scanned: row.scanned, matched: row.matched, takenDown: row.takenDown, queued: row.queued, held: row.held };
  return {
    rescanId: row.id,
    trigger: row.triggerKind === 'claim' ? { kind: 'claim', claimId: row.claimId! } : { kind: 'bank', bankId: row.bankId! },
    bankIds: row.bankIds,
    state: counts.state,
    total: counts.total,
    scanned: counts.scanned,
    matched: counts.matched,
    takenDown: counts.takenDown,
    queued: counts.queued,
    held: counts.held,
    ...rescanRateAndEta({ state: counts.state, total: counts.total, scanned: counts.scanned, activeSeconds: row.activeSeconds }),
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    lastError: row.lastError,
    live: live !== null,
  };
}

/** The latest `limit` rescans, newest first (running ones with the workflow's live counts). */
export async function listRecentCopyrightRescans(deps: Deps, limit = 50): Promise<CopyrightRescanView[]> {
  const rows = await listCopyrightRescans(deps.db, { limit });
  return Promise.all(rows.map((row) => viewOf(deps, row)));
}

/** The commands a person may send a rescan from the console. */
export const RESCAN_COMMANDS = ['pause', 'resume', 'cancel'] as const;
export type RescanCommand = (typeof RESCAN_COMMANDS)[number];

const commandShape = z.object({ rescanId: z.uuid(), command: z.enum(RESCAN_COMMANDS) });

/** Which states each command makes sense in. */
const COMMAND_FROM: Record<RescanCommand, readonly CopyrightRescanState[]> = {
  pause: ['running'],
  resume: ['paused'],
  cancel: ['running', 'paused'],
};

/**
 * Pauses, resumes or cancels a rescan for `staff` (the caller checked the role: ROLE_SETS
 * .copyright_rescans). Audits the command (`copyright.rescan.<command>`), then signals the workflow.
 * Refuses with a sentence (ServiceRefusal NOT_FOUND / CONFLICT) an unknown rescan, or a command its
 * state does not allow (resuming a running rescan, pausing a finished one).
 */
export async function commandCopyrightRescan(
  deps: Deps, staff: { id: string; email: string }, input: { rescanId: string; command: RescanCommand },
): Promise<CopyrightRescanView> {
  const parsed = commandShape.safeParse(input);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', 'Choose a rescan from the list and one of pause, resume or cancel.');
  const { rescanId, command } = parsed.data;
  const [row] = await listCopyrightRescans(deps.db, { id: rescanId, limit: 1 });
  if (!row) throw new ServiceRefusal('NOT_FOUND', 'There is no rescan with that id (one just started can take a moment to appear).');
  const view = await viewOf(deps, row);
  if (!COMMAND_FROM[command].includes(view.state)) {
    throw new ServiceRefusal('CONFLICT', `This rescan is ${view.state}, so it cannot be ${command === 'pause' ? 'paused' : command === 'resume' ? 'resumed' : 'cancelled'}. Reload the page to see its state.`);
  }
  await appendAudit(deps.db, {
    ...staffActor(staff), action: `copyright.rescan.${command}`, subjectType: 'copyright_rescan', subjectId: rescanId,
    before: { state: view.state, scanned: view.scanned }, after: { command },
  });
  try {
    await signalCopyrightRescan(deps, rescanId, command, staff.id);
  } catch (error) {
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
  return view;
}

/**
 * Starts a rescan of `bankIds` (every enabled bank when empty) from the console for `staff`, audited
 * (`copyright.rescan.start`). For a bank's rescan the first bank id is the trigger.
 */
export async function startCopyrightRescanByStaff(
  deps: Deps, staff: { id: string; email: string }, input: { bankIds: string[] },
): Promise<{ rescanId: string }> {
  const bankId = input.bankIds[0];
  if (!bankId) throw new ServiceRefusal('BAD_REQUEST', 'Choose at least one hash bank to rescan the published videos against.');
  const rescanId = randomUUID();
  await appendAudit(deps.db, {
    ...staffActor(staff), action: 'copyright.rescan.start', subjectType: 'copyright_rescan', subjectId: rescanId, after: { bankIds: input.bankIds },
  });
  return startCopyrightRescan(deps, { rescanId, trigger: { kind: 'bank', bankId }, bankIds: input.bankIds, startedBy: staff.id });
}
