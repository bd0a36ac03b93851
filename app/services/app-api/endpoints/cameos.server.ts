/**
 * API endpoints of the acting creator's cameos and their consent ledger (app/services/cameos.server.ts):
 * create, list, read the ledger, set the access level or restrictions, grant and withdraw, block and
 * unblock, delete. Withdrawing, blocking and deleting answer the id of the likeness takedown they start.
 */
import { z } from 'zod';
import {
  addGrant, addGrantInput, blockPerson, blockPersonInput, cameoRestrictionSchema, createCameo, createCameoInput, deleteCameo, getCameoLedger,
  listOwnCameos, setAccessLevel, setAccessLevelInput, setRestrictions, setRestrictionsInput, unblockPerson, withdrawGrant,
} from '../../cameos.server';
import { CAMEO_ACCESS_LEVELS, CAMEO_KINDS, CAMEO_LEDGER_EVENT_KINDS } from '../../../../policies/consent';
import { endpoint } from '../endpoint';

const cameoIdParam = z.uuid({ message: 'cameoId must be a cameo id (UUID)' });
const cameoParams = z.object({ cameoId: cameoIdParam });
const cameoPersonParams = z.object({ cameoId: cameoIdParam, creatorId: z.uuid({ message: 'creatorId must be a creator id (UUID)' }) });
const namedCreator = z.object({ creatorId: z.uuid(), handle: z.string() });

/** A cameo as its owner sees it (the fold of its ledger). */
export const ownCameoSchema = z.object({
  cameoId: z.uuid(),
  version: z.number().int().meta({ description: 'The ledger version this state is the fold of; send it back as expectedVersion to refuse lost updates.' }),
  kind: z.enum(CAMEO_KINDS),
  displayName: z.string(),
  description: z.string().nullable(),
  accessLevel: z.enum(CAMEO_ACCESS_LEVELS),
  restrictions: z.array(cameoRestrictionSchema),
  restrictionSentences: z.array(z.string()),
  restrictionsNote: z.string().nullable(),
  grants: z.array(namedCreator),
  blocks: z.array(namedCreator),
  deleted: z.boolean(),
  faceVerified: z.boolean().meta({ description: 'A live face capture verified this cameo (POST /cameos/{cameoId}/enrolments). Loupe never returns any face data itself.' }),
}).meta({ id: 'Cameo' });

const takedownStarted = z.object({ cameo: ownCameoSchema, takedownId: z.uuid().nullable().meta({ description: 'The likeness takedown started; read it at /takedowns/{takedownId}.' }) });

export const cameoEndpoints = [
  endpoint({
    method: 'post', path: '/cameos', operationId: 'createCameo', tag: 'cameos',
    summary: 'Create a cameo of myself or of a character I registered',
    body: createCameoInput, response: ownCameoSchema, status: 201,
    handle: ({ ctx, creatorId, body }) => createCameo(ctx, creatorId, body),
  }),
  endpoint({
    method: 'get', path: '/cameos', operationId: 'listCameos', tag: 'cameos',
    summary: 'List my cameos',
    response: z.object({ cameos: z.array(ownCameoSchema) }),
    handle: async ({ ctx, creatorId }) => ({ cameos: await listOwnCameos(ctx, creatorId) }),
  }),
  endpoint({
    method: 'get', path: '/cameos/{cameoId}/ledger', operationId: 'getCameoLedger', tag: 'cameos',
    summary: 'Read the consent ledger of one of my cameos: every event, oldest first, and the state they fold into',
    params: cameoParams,
    response: z.object({
      cameo: ownCameoSchema,
      events: z.array(z.object({
        version: z.number().int(), kind: z.enum(CAMEO_LEDGER_EVENT_KINDS), payload: z.record(z.string(), z.unknown()),
        actorId: z.uuid().nullable(), createdAt: z.iso.datetime(),
      })),
    }),
    handle: ({ ctx, creatorId, params }) => getCameoLedger(ctx, creatorId, params),
  }),
  endpoint({
    method: 'put', path: '/cameos/{cameoId}/access-level', operationId: 'setCameoAccessLevel', tag: 'cameos',
    summary: 'Set who may use my cameo: only me, people I approve, mutuals, or everyone',
    params: cameoParams, body: setAccessLevelInput.omit({ cameoId: true }), response: ownCameoSchema,
    handle: ({ ctx, creatorId, params, body }) => setAccessLevel(ctx, creatorId, { ...body, cameoId: params.cameoId }),
  }),
  endpoint({
    method: 'put', path: '/cameos/{cameoId}/restrictions', operationId: 'setCameoRestrictions', tag: 'cameos',
    summary: 'Replace the restrictions of my cameo (topics it must never appear in, banned words) and my note for reviewers',
    params: cameoParams, body: setRestrictionsInput.omit({ cameoId: true }), response: ownCameoSchema,
    handle: ({ ctx, creatorId, params, body }) => setRestrictions(ctx, creatorId, { ...body, cameoId: params.cameoId }),
  }),
  endpoint({
    method: 'put', path: '/cameos/{cameoId}/grants/{creatorId}', operationId: 'addCameoGrant', tag: 'cameos',
    summary: 'Let one creator use my cameo',
    params: cameoPersonParams, response: ownCameoSchema,
    handle: ({ ctx, creatorId, params }) => addGrant(ctx, creatorId, { cameoId: params.cameoId, granteeId: params.creatorId } satisfies z.input<typeof addGrantInput>),
  }),
  endpoint({
    method: 'delete', path: '/cameos/{cameoId}/grants/{creatorId}', operationId: 'withdrawCameoGrant', tag: 'cameos',
    summary: 'Withdraw one creator\'s grant; their videos that relied on it are taken down',
    params: cameoPersonParams, response: takedownStarted, status: 202,
    handle: ({ ctx, creatorId, params }) => withdrawGrant(ctx, creatorId, { cameoId: params.cameoId, granteeId: params.creatorId }),
  }),
  endpoint({
    method: 'put', path: '/cameos/{cameoId}/blocks/{creatorId}', operationId: 'blockFromCameo', tag: 'cameos',
    summary: 'Block one creator from my cameo whatever the access level; their videos with it are taken down',
    params: cameoPersonParams, response: takedownStarted, status: 202,
    handle: ({ ctx, creatorId, params }) => blockPerson(ctx, creatorId, { cameoId: params.cameoId, personId: params.creatorId } satisfies z.input<typeof blockPersonInput>),
  }),
  endpoint({
    method: 'delete', path: '/cameos/{cameoId}/blocks/{creatorId}', operationId: 'unblockFromCameo', tag: 'cameos',
    summary: 'Lift a block (videos already taken down stay down)',
    params: cameoPersonParams, response: ownCameoSchema,
    handle: ({ ctx, creatorId, params }) => unblockPerson(ctx, creatorId, { cameoId: params.cameoId, personId: params.creatorId }),
  }),
  endpoint({
    method: 'delete', path: '/cameos/{cameoId}', operationId: 'deleteCameo', tag: 'cameos',
    summary: 'Delete my cameo; every video with it, mine included, is taken down',
    params: cameoParams, response: takedownStarted, status: 202,
    handle: ({ ctx, creatorId, params }) => deleteCameo(ctx, creatorId, params),
  }),
];
