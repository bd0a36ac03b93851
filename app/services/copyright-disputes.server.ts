/**
 * Copyright disputes (issue 13), as the app API, the demo app, the claimant's answer page and the
 * console use them. Input is checked here (zod for the shape, then the rules: the match is the
 * creator's, it is a block or takedown, no dispute of it or its request is open), then the
 * copyrightDispute workflow is started or sent an update; its activities write every row (single
 * writer). Refusals are `ServiceRefusal`s with a sentence the person can act on.
 *
 * The claimant's answer page opens with a token only its SHA-256 of which is stored
 * (`claimantDisputeView`); a wrong or cut token answers NOT_FOUND and tells nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  decodeDisputeListCursor, disputableMatch, disputableMatchesOfCreator, disputeById, disputeByTokenHash, disputesOfCreator, listCopyrightDisputes,
  openDisputeOfMatch,
} from '../../db/queries/copyright-disputes';
import { hashBearerToken } from '../../db/queries/token-hash';
import type { Database } from '../../db/schema';
import {
  COPYRIGHT_DISPUTE_STATES, DEFAULT_COPYRIGHT_DISPUTE_TIMERS, MAX_DISPUTE_TEXT_CHARS, MIN_DISPUTE_STATEMENT_CHARS, OPEN_COPYRIGHT_DISPUTE_STATES,
  type CopyrightDisputeOutcomeKind, type CopyrightDisputeState, type CopyrightDisputeTimers,
} from '../../policies/copyright/disputes';
import { ServiceRefusal } from './refusal';
import { answerCopyrightDispute, appealCopyrightDispute, startCopyrightDispute, WorkflowRefusedUpdate, type WorkflowClientDeps } from './workflow-client.server';

type Deps = WorkflowClientDeps & { db: Kysely<Database>; copyrightDisputeTimers?: CopyrightDisputeTimers };

const statementText = (what: string) =>
  z
    .string({ error: `Write your ${what}.` })
    .trim()
    .min(MIN_DISPUTE_STATEMENT_CHARS, `Write at least ${MIN_DISPUTE_STATEMENT_CHARS} characters in your ${what}: say why you have the right to use the work (a licence, your own work, parody, public domain...).`)
    .max(MAX_DISPUTE_TEXT_CHARS, `Your ${what} may be at most ${MAX_DISPUTE_TEXT_CHARS} characters.`)
    .refine((text) => !text.includes('\u0000'), 'Remove control characters (such as NUL) from your text and send it again.');

/** A creator's dispute as the app API and the demo app send it. */
export const fileCopyrightDisputeInput = z.object({
  matchId: z.uuid({ error: 'matchId is the id of the copyright block or takedown, as your notification or GET /copyright-disputes/disputable gives it.' }),
  statement: statementText('statement'),
});

/** A creator's appeal of a claim the claimant upheld. */
export const appealCopyrightDisputeInput = z.object({ statement: statementText('appeal') });

/** The claimant's answer on their page. */
export const claimantAnswerInput = z.object({
  answer: z.enum(['uphold', 'release'], { error: 'Choose whether you uphold the claim or release it.' }),
  statement: z.string().trim().max(MAX_DISPUTE_TEXT_CHARS, `Your answer may be at most ${MAX_DISPUTE_TEXT_CHARS} characters.`).default(''),
}).refine((answer) => answer.answer === 'release' || answer.statement.length >= MIN_DISPUTE_STATEMENT_CHARS, {
  message: `Say in at least ${MIN_DISPUTE_STATEMENT_CHARS} characters why the claim stands when you uphold it.`,
  path: ['statement'],
});

const firstProblem = (error: z.ZodError) => error.issues[0]?.message ?? 'The input is not complete; check every field and try again.';

/** A dispute as its creator sees it. */
export interface CreatorDisputeStatus {
  disputeId: string;
  matchId: string;
  state: CopyrightDisputeState;
  outcome: CopyrightDisputeOutcomeKind | null;
  outcomeReason: string | null;
  matchAction: 'blocked' | 'taken_down';
  videoId: string | null;
  requestId: string;
  entityName: string | null;
  /** The deadline that runs now (the claimant's, the creator's appeal window, or the claimant's answer to the appeal), ISO 8601; null when none runs. */
  deadline: string | null;
  /** Whether the creator may appeal now. */
  mayAppeal: boolean;
  reinstated: boolean;
  filedAt: string;
  closedAt: string | null;
}

function currentDeadline(row: { state: CopyrightDisputeState; claimant_deadline: Date | null; appeal_deadline: Date | null; appeal_answer_deadline: Date | null }): Date | null {
  if (row.state === 'awaiting_claimant') return row.claimant_deadline;
  if (row.state === 'appeal_window') return row.appeal_deadline;
  if (row.state === 'awaiting_appeal_answer') return row.appeal_answer_deadline;
  return null;
}

function creatorStatus(row: NonNullable<Awaited<ReturnType<typeof disputeById>>>): CreatorDisputeStatus {
  return {
    disputeId: row.id, matchId: row.match_id, state: row.state, outcome: row.outcome, outcomeReason: row.outcome_reason, matchAction: row.match_action,
    videoId: row.video_id, requestId: row.request_id, entityName: row.entity_name, deadline: currentDeadline(row)?.toISOString() ?? null,
    mayAppeal: row.state === 'appeal_window', reinstated: row.reinstated, filedAt: row.created_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/**
 * Files a creator's dispute of one of their copyright blocks or takedowns and starts its workflow;
 * answers once the dispute is recorded. Refuses BAD_REQUEST (input; a match that is neither a block
 * nor a takedown), NOT_FOUND (no such match of this creator), CONFLICT (a dispute of it, or of its
 * video or request, is open).
 */
export async function fileCopyrightDispute(deps: Deps, creatorId: string, input: unknown): Promise<CreatorDisputeStatus> {
  const parsed = fileCopyrightDisputeInput.safeParse(input);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', firstProblem(parsed.error));
  const { matchId, statement } = parsed.data;
  const match = await disputableMatch(deps.db, matchId);
  // Another creator's match answers as a missing one: its existence is not theirs to learn.
  if (!match || match.creatorId !== creatorId || !match.requestId) {
    throw new ServiceRefusal('NOT_FOUND', `You have no copyright block or takedown with the id ${matchId}; copy the id from your notification and try again.`);
  }
  if (match.action !== 'blocked' && match.action !== 'taken_down') {
    throw new ServiceRefusal('BAD_REQUEST', `This copyright match was not a block or a takedown (it is ${match.action}), so there is nothing to dispute.`);
  }
  const open = await openDisputeOfMatch(deps.db, matchId);
  if (open) throw new ServiceRefusal('CONFLICT', `This ${match.action === 'taken_down' ? 'takedown' : 'block'} is already disputed (dispute ${open.id}); follow that dispute instead.`);
  const openOnRequest = await deps.db.selectFrom('copyright_disputes').select('id').where('request_id', '=', match.requestId)
    .where('state', 'in', [...OPEN_COPYRIGHT_DISPUTE_STATES]).executeTakeFirst();
  if (openOnRequest) {
    throw new ServiceRefusal('CONFLICT', `Another dispute of this ${match.videoId ? 'video' : 'request'} is open (dispute ${openOnRequest.id}); dispute the next match once it has ended.`);
  }
  const disputeId = randomUUID();
  try {
    await startCopyrightDispute(deps, { disputeId, matchId, creatorId, statement, timers: deps.copyrightDisputeTimers ?? DEFAULT_COPYRIGHT_DISPUTE_TIMERS });
  } catch (error) {
    // Recording refused it: a dispute of the same match or request opened a moment before this one.
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
  return creatorStatus((await disputeById(deps.db, disputeId))!);
}

/** One of the creator's disputes. Refuses NOT_FOUND for a dispute that is not theirs. */
export async function getCreatorDispute(db: Kysely<Database>, creatorId: string, disputeId: string): Promise<CreatorDisputeStatus> {
  const row = z.uuid().safeParse(disputeId).success ? await disputeById(db, disputeId) : undefined;
  if (!row || row.creator_id !== creatorId) throw new ServiceRefusal('NOT_FOUND', `You have no copyright dispute with the id ${disputeId}.`);
  return creatorStatus(row);
}

/** The creator's disputes (newest first) and the blocks and takedowns they may dispute. */
export async function listCreatorDisputes(db: Kysely<Database>, creatorId: string) {
  const [disputes, matches] = await Promise.all([disputesOfCreator(db, creatorId, 50), disputableMatchesOfCreator(db, creatorId, 50)]);
  return {
    disputes: disputes.map((row) => ({
      disputeId: row.id, matchId: row.match_id, state: row.state, outcome: row.outcome, outcomeReason: row.outcome_reason, matchAction: row.match_action,
      videoId: row.video_id, requestId: row.request_id, entityName: row.entity_name, deadline: currentDeadline(row)?.toISOString() ?? null,
      mayAppeal: row.state === 'appeal_window', reinstated: row.reinstated, filedAt: row.created_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null,
    } satisfies CreatorDisputeStatus)),
    disputable: matches.map((match) => ({
      matchId: match.matchId, action: match.action as 'blocked' | 'taken_down', requestId: match.requestId, videoId: match.videoId, entityName: match.entityName,
      matchedAt: new Date(match.createdAt).toISOString(), openDisputeId: match.openDisputeId,
    })),
  };
}

/**
 * The creator appeals a claim the claimant upheld. Refuses BAD_REQUEST (input), NOT_FOUND (not
 * their dispute), CONFLICT (not in the appeal window: not upheld by the claimant, already appealed, or too late).
 */
export async function appealCreatorDispute(deps: Deps, creatorId: string, disputeId: string, input: unknown): Promise<CreatorDisputeStatus> {
  const parsed = appealCopyrightDisputeInput.safeParse(input);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', firstProblem(parsed.error));
  const status = await getCreatorDispute(deps.db, creatorId, disputeId);
  if (status.state !== 'appeal_window') {
    throw new ServiceRefusal('CONFLICT', 'This dispute cannot be appealed now: only a claim the claimant upheld can be appealed, once, before the appeal deadline.');
  }
  try {
    await appealCopyrightDispute(deps, disputeId, { creatorId, statement: parsed.data.statement });
  } catch (error) {
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
  return getCreatorDispute(deps.db, creatorId, disputeId);
}

/** What the claimant's answer page shows. */
export interface ClaimantDisputeView {
  disputeId: string;
  state: CopyrightDisputeState;
  outcome: CopyrightDisputeOutcomeKind | null;
  outcomeReason: string | null;
  entityName: string | null;
  matchAction: 'blocked' | 'taken_down';
  videoId: string | null;
  statement: string;
  appealStatement: string | null;
  claimantAnswer: string | null;
  appealAnswer: string | null;
  /** The claimant's deadline running now, ISO 8601; null when the dispute is not waiting for them. */
  deadline: string | null;
  /** Whether the page offers the answer form. */
  mayAnswer: boolean;
  filedAt: string;
  closedAt: string | null;
}

async function disputeForToken(db: Kysely<Database>, token: string) {
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await disputeByTokenHash(db, hashBearerToken(token)) : undefined;
  if (!row) throw new ServiceRefusal('NOT_FOUND', 'No dispute opens with this link. Check that you copied all of it from the message we sent you.');
  return row;
}

/** The dispute whose answer link carries `token`. Refuses NOT_FOUND for a token that opens nothing. */
export async function claimantDisputeView(db: Kysely<Database>, token: string): Promise<ClaimantDisputeView> {
  const row = await disputeForToken(db, token);
  const waiting = row.state === 'awaiting_claimant' || row.state === 'awaiting_appeal_answer';
  return {
    disputeId: row.id, state: row.state, outcome: row.outcome, outcomeReason: row.outcome_reason, entityName: row.entity_name, matchAction: row.match_action,
    videoId: row.video_id, statement: row.statement, appealStatement: row.appeal_statement, claimantAnswer: row.claimant_answer, appealAnswer: row.appeal_answer,
    deadline: waiting ? currentDeadline(row)?.toISOString() ?? null : null,
    mayAnswer: (row.state === 'awaiting_claimant' && row.claimant_answer === null) || (row.state === 'awaiting_appeal_answer' && row.appeal_answer === null),
    filedAt: row.created_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/**
 * The claimant answers on their page: uphold (with a statement) or release. Refuses NOT_FOUND (the
 * token opens nothing), BAD_REQUEST (input), CONFLICT (the dispute is not waiting for an answer).
 */
export async function answerDisputeAsClaimant(deps: Deps, token: string, input: unknown): Promise<ClaimantDisputeView> {
  const row = await disputeForToken(deps.db, token);
  const parsed = claimantAnswerInput.safeParse(input);
  if (!parsed.success) throw new ServiceRefusal('BAD_REQUEST', firstProblem(parsed.error));
  const view = await claimantDisputeView(deps.db, token);
  if (!view.mayAnswer) throw new ServiceRefusal('CONFLICT', 'This dispute is not waiting for your answer: it was answered, its deadline passed, or it is with Loupe\'s legal team.');
  try {
    await answerCopyrightDispute(deps, row.id, parsed.data);
  } catch (error) {
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
  return claimantDisputeView(deps.db, token);
}

/** The console's list filter and page. */
export const listDisputesInput = z.object({
  // Checked by listDisputesForStaff, so a bad state or page link gets a sentence, not zod's output.
  state: z.string().nullish(),
  cursor: z.string().nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** The sentence for every page link of the dispute list that is not one (edited, cut, too long). */
export const BROKEN_DISPUTE_PAGE_LINK = 'This page link is broken; go back to the first page of disputes.';

/**
 * One page of disputes for the console (newest first), with each one's running deadline. Refuses
 * BAD_REQUEST for a cursor that is not one of this list's.
 */
export async function listDisputesForStaff(db: Kysely<Database>, input: z.output<typeof listDisputesInput>) {
  const state = input.state || null;
  if (state !== null && !(COPYRIGHT_DISPUTE_STATES as readonly string[]).includes(state)) {
    throw new ServiceRefusal('BAD_REQUEST', `There is no dispute state "${state.slice(0, 40)}"; filter by one of the states: ${COPYRIGHT_DISPUTE_STATES.join(', ')}.`);
  }
  // A cursor of this list is under 200 characters; a longer one was not made here, and is not decoded.
  const cursor = input.cursor && input.cursor.length <= 500 ? decodeDisputeListCursor(input.cursor) : null;
  if (input.cursor && !cursor) throw new ServiceRefusal('BAD_REQUEST', BROKEN_DISPUTE_PAGE_LINK);
  const { rows, nextCursor } = await listCopyrightDisputes(db, { limit: input.limit, cursor, state: state as CopyrightDisputeState | null });
  return {
    disputes: rows.map((row) => ({
      disputeId: row.id, state: row.state, outcome: row.outcome, matchAction: row.match_action, videoId: row.video_id, requestId: row.request_id,
      creatorId: row.creator_id, entityName: row.entity_name, claimant: row.claimant_email, deadline: currentDeadline(row)?.toISOString() ?? null,
      filedAt: row.created_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null,
    })),
    nextCursor,
  };
}

/** One dispute in full for the console, with its audit trail. Refuses NOT_FOUND. */
export async function disputeDetailForStaff(db: Kysely<Database>, disputeId: string) {
  const row = z.uuid().safeParse(disputeId).success ? await disputeById(db, disputeId) : undefined;
  if (!row) throw new ServiceRefusal('NOT_FOUND', `There is no copyright dispute ${disputeId.slice(0, 80)}; go back to the list of disputes and open one from there.`);
  const [audit, item] = await Promise.all([
    db.selectFrom('audit_log').select(['at', 'actor_label', 'action', 'after']).where('subject_type', '=', 'copyright_dispute').where('subject_id', '=', disputeId).orderBy('id').execute(),
    db.selectFrom('review_items').select(['id', 'state']).where('request_id', '=', row.request_id).where('kind', '=', 'copyright_dispute').executeTakeFirst(),
  ]);
  return {
    disputeId: row.id, matchId: row.match_id, state: row.state, outcome: row.outcome, outcomeReason: row.outcome_reason, matchAction: row.match_action,
    videoId: row.video_id, requestId: row.request_id, creatorId: row.creator_id, entityName: row.entity_name, claimId: row.claim_id, claimant: row.claimant_email,
    statement: row.statement, claimantAnswer: row.claimant_answer, appealStatement: row.appeal_statement, appealAnswer: row.appeal_answer,
    claimantDeadline: row.claimant_deadline?.toISOString() ?? null, appealDeadline: row.appeal_deadline?.toISOString() ?? null,
    appealAnswerDeadline: row.appeal_answer_deadline?.toISOString() ?? null, deadline: currentDeadline(row)?.toISOString() ?? null,
    reinstated: row.reinstated, filedAt: row.created_at.toISOString(), closedAt: row.closed_at?.toISOString() ?? null,
    reviewItem: row.state === 'with_legal' && item?.state === 'open' ? item.id : null,
    history: audit.map((entry) => ({ at: entry.at.toISOString(), who: entry.actor_label, action: entry.action })),
  };
}
