/**
 * A cameo owner's approval requests: list them, and answer one. The answer is a Temporal update to
 * the request's clip pipeline, which is waiting on it (its validator refuses a late or foreign
 * answer); the pipeline's activity writes it. Nothing is written here.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';
import { answerCameoApproval, WorkflowRefusedUpdate, type WorkflowClientDeps } from './workflow-client.server';

export const listApprovalRequestsInput = z.object({
  state: z.enum(['pending', 'approved', 'denied', 'expired']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The owner's approval requests, newest first (pending ones first when no state is given). */
export async function listApprovalRequests(deps: { db: Kysely<Database> }, ownerId: string, rawInput: z.input<typeof listApprovalRequestsInput> = {}) {
  const input = listApprovalRequestsInput.parse(rawInput);
  let query = deps.db
    .selectFrom('cameo_approval_requests as a')
    .innerJoin('cameos', 'cameos.id', 'a.cameo_id')
    .innerJoin('creators as requester', 'requester.id', 'a.requester_id')
    .innerJoin('generation_requests as r', 'r.id', 'a.request_id')
    .select([
      'a.id', 'a.request_id', 'a.cameo_id', 'cameos.display_name', 'a.requester_id', 'requester.handle', 'r.prompt', 'a.state',
      'a.expires_at', 'a.answered_at', 'a.also_granted', 'a.note', 'a.created_at',
    ])
    .where('a.owner_id', '=', ownerId);
  if (input.state) query = query.where('a.state', '=', input.state);
  const rows = await query
    .orderBy((eb) => eb.case().when('a.state', '=', 'pending').then(0).else(1).end())
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .limit(input.limit)
    .execute();
  return {
    approvals: rows.map((row) => ({
      approvalId: row.id, requestId: row.request_id, cameoId: row.cameo_id, cameoName: row.display_name, requesterId: row.requester_id,
      requesterHandle: row.handle, prompt: row.prompt, state: row.state, expiresAt: row.expires_at.toISOString(),
      answeredAt: row.answered_at?.toISOString() ?? null, alsoGranted: row.also_granted, note: row.note, createdAt: row.created_at.toISOString(),
    })),
  };
}

export const answerApprovalRequestInput = z.object({
  approvalId: z.uuid({ message: 'approvalId must be an approval request id (UUID)' }),
  decision: z.enum(['approve', 'deny']),
  /** Approve and also let the requester use the cameo from now on (a grant in the ledger). */
  alsoGrant: z.boolean().default(false),
  note: z.string().trim().max(500, 'the note has at most 500 characters').nullable().default(null),
});

/**
 * Answers one of the owner's approval requests. Refuses NOT_FOUND (not theirs), BAD_REQUEST
 * (alsoGrant with a denial), CONFLICT (answered, expired, or the request no longer waits).
 */
export async function answerApprovalRequest(
  deps: WorkflowClientDeps & { db: Kysely<Database> },
  ownerId: string,
  rawInput: z.input<typeof answerApprovalRequestInput>,
): Promise<{ approvalId: string; state: 'approved' | 'denied' }> {
  const input = answerApprovalRequestInput.parse(rawInput);
  if (input.decision === 'deny' && input.alsoGrant) throw new ServiceRefusal('BAD_REQUEST', 'A denial cannot also grant; choose approve to grant.');
  const approval = await deps.db
    .selectFrom('cameo_approval_requests')
    .select(['request_id', 'owner_id', 'state', 'expires_at'])
    .where('id', '=', input.approvalId)
    .executeTakeFirst();
  if (!approval || approval.owner_id !== ownerId) throw new ServiceRefusal('NOT_FOUND', 'You have no approval request with that id.');
  if (approval.state !== 'pending') throw new ServiceRefusal('CONFLICT', `This approval request was already ${approval.state === 'expired' ? 'closed unanswered' : approval.state}.`);
  try {
    return await answerCameoApproval(deps, approval.request_id, {
      approvalId: input.approvalId, ownerId, decision: input.decision, alsoGrant: input.alsoGrant, note: input.note,
    });
  } catch (error) {
    if (error instanceof WorkflowRefusedUpdate) throw new ServiceRefusal('CONFLICT', error.message);
    throw error;
  }
}
