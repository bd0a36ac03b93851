/** API endpoints of whom the acting creator follows (two follows both ways make mutuals): list, follow, unfollow. */
import { z } from 'zod';
import { follow, listFollows, unfollow } from '../../follows.server';
import { endpoint } from '../endpoint';

const followee = z.object({ creatorId: z.uuid({ message: 'creatorId must be a creator id (UUID)' }) });
const followRow = z.object({ creatorId: z.uuid(), handle: z.string(), since: z.iso.datetime() });

export const followEndpoints = [
  endpoint({
    method: 'get', path: '/follows', operationId: 'listFollows', tag: 'follows',
    summary: 'Whom I follow, who follows me, and which of them are mutuals',
    response: z.object({ following: z.array(followRow), followers: z.array(followRow), mutualIds: z.array(z.uuid()) }),
    handle: ({ ctx, creatorId }) => listFollows(ctx, creatorId),
  }),
  endpoint({
    method: 'put', path: '/follows/{creatorId}', operationId: 'follow', tag: 'follows',
    summary: 'Follow a creator (following again changes nothing)',
    params: followee, response: z.object({ following: z.literal(true), added: z.boolean() }),
    handle: ({ ctx, creatorId, params }) => follow(ctx, creatorId, { followeeId: params.creatorId }),
  }),
  endpoint({
    method: 'delete', path: '/follows/{creatorId}', operationId: 'unfollow', tag: 'follows',
    summary: 'Stop following a creator',
    params: followee, response: z.object({ following: z.literal(false) }),
    handle: ({ ctx, creatorId, params }) => unfollow(ctx, creatorId, { followeeId: params.creatorId }),
  }),
];
