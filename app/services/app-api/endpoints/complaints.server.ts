/**
 * API endpoints of likeness complaints filed by the acting creator (app/services/likeness-complaints.server.ts):
 * file one ("my likeness", or that of someone they represent), and read its status with the token it
 * answered once. The token travels in a POST body, not in a URL, so it stays out of access logs.
 */
import { z } from 'zod';
import { LIKENESS_COMPLAINT_STATES } from '../../../../policies/likeness-complaints';
import { fileLikenessComplaint, fileLikenessComplaintInput, getLikenessComplaintStatus } from '../../likeness-complaints.server';
import { endpoint } from '../endpoint';

export const complaintEndpoints = [
  endpoint({
    method: 'post', path: '/likeness-complaints', operationId: 'fileLikenessComplaint', tag: 'complaints',
    summary: 'File a likeness complaint about one or more videos, for myself or for someone I represent',
    description: 'Evidence files (PNG, JPEG, WebP or PDF) are sent base64-encoded. The answer carries a status token, shown once: keep it to read the status.',
    body: fileLikenessComplaintInput,
    response: z.object({ complaintId: z.uuid(), statusToken: z.string(), state: z.enum(LIKENESS_COMPLAINT_STATES) }),
    status: 202,
    handle: ({ ctx, creatorId, body }) => fileLikenessComplaint(ctx, body, { kind: 'creator', creatorId }),
  }),
  endpoint({
    method: 'post', path: '/likeness-complaints/status', operationId: 'getLikenessComplaintStatus', tag: 'complaints',
    summary: 'Read the status of a likeness complaint with the token its filing answered',
    body: z.object({ statusToken: z.string().min(1, 'send the statusToken the complaint answered when it was filed').max(200) }),
    response: z.object({
      complaintId: z.uuid(), state: z.enum(LIKENESS_COMPLAINT_STATES), personName: z.string(), videoIds: z.array(z.uuid()),
      decisionReason: z.string().nullable(), takenDown: z.number().int(), filedAt: z.iso.datetime(), decidedAt: z.iso.datetime().nullable(),
    }).meta({ id: 'LikenessComplaintStatus' }),
    handle: async ({ ctx, body }) => {
      const status = await getLikenessComplaintStatus(ctx.db, body.statusToken);
      return { ...status, filedAt: status.filedAt.toISOString(), decidedAt: status.decidedAt?.toISOString() ?? null };
    },
  }),
];
