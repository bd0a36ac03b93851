/**
 * API endpoints of copyright claims (issue 13) filed by the acting creator account, for example a
 * studio's account in the consumer app (app/services/copyright-claims.server.ts): file one, and read
 * one of their own by id. The answer of the filing carries a status token too, for the public
 * status page, shown once.
 */
import { z } from 'zod';
import { COPYRIGHT_CLAIM_STATES } from '../../../../policies/copyright/claims';
import { fileCopyrightClaim, fileCopyrightClaimInput, getCreatorCopyrightClaim } from '../../copyright-claims.server';
import { endpoint } from '../endpoint';

const claimStatus = z.object({
  claimId: z.uuid(),
  state: z.enum(COPYRIGHT_CLAIM_STATES),
  entities: z.array(z.object({ name: z.string(), kind: z.string(), requestedRule: z.string(), approvedRule: z.string().nullable(), leftOut: z.boolean() })),
  decisionReason: z.string().nullable(),
  outcome: z.object({
    entityIds: z.array(z.uuid()), bankIds: z.array(z.string()), hashes: z.number().int(), rescanId: z.string().nullable(), notes: z.array(z.string()),
  }).nullable(),
  filedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
}).meta({ id: 'CopyrightClaimStatus' });

export const copyrightClaimEndpoints = [
  endpoint({
    method: 'post', path: '/copyright-claims', operationId: 'fileCopyrightClaim', tag: 'copyright',
    summary: 'File a copyright claim: the characters, works or brands I hold, with proof and reference media, and the rule Loupe should apply',
    description: 'Files are sent base64-encoded with a role: proof (PDF, JPEG or PNG; staff-only), reference_image (JPEG, PNG or WebP) or reference_clip (MP4), and for reference media the entity (entityIndex, from 0) they show. The answer counts the duplicates and conflicts found and carries a status token, shown once.',
    body: fileCopyrightClaimInput,
    response: z.object({ claimId: z.uuid(), statusToken: z.string(), state: z.enum(COPYRIGHT_CLAIM_STATES), conflicts: z.number().int() }),
    status: 202,
    handle: ({ ctx, creatorId, body }) => fileCopyrightClaim(ctx, body, { kind: 'creator', creatorId }),
  }),
  endpoint({
    method: 'get', path: '/copyright-claims/{claimId}', operationId: 'getCopyrightClaim', tag: 'copyright',
    summary: 'Read one of my copyright claims: its state, each entity\'s rule, and what approval did',
    params: z.object({ claimId: z.uuid('A claim id is the UUID the filing answered; check it and try again.') }),
    response: claimStatus,
    handle: async ({ ctx, creatorId, params }) => {
      const status = await getCreatorCopyrightClaim(ctx.db, creatorId, params.claimId);
      return { ...status, filedAt: status.filedAt.toISOString(), decidedAt: status.decidedAt?.toISOString() ?? null };
    },
  }),
];
