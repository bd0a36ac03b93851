/**
 * API endpoints of verified cameos (issue 12; app/services/face-enrolment.server.ts): ask for a
 * challenge, send the face capture that answers it, read the enrolment. No answer carries face data.
 */
import { z } from 'zod';
import {
  getEnrolment, issueEnrolmentChallenge, submitEnrolmentCapture, submitEnrolmentCaptureInput,
} from '../../face-enrolment.server';
import { ENROLMENT_CHALLENGE_KINDS, ENROLMENT_FAILURE_CODES } from '../../../../policies/faces';
import { endpoint } from '../endpoint';

const cameoParams = z.object({ cameoId: z.uuid({ message: 'cameoId must be a cameo id (UUID)' }) });
const enrolmentParams = cameoParams.extend({ enrolmentId: z.uuid({ message: 'enrolmentId must be an enrolment id (UUID)' }) });

const challengeSchema = z.object({
  challengeId: z.uuid(),
  kind: z.enum(ENROLMENT_CHALLENGE_KINDS),
  instruction: z.string().meta({ description: 'Show this sentence to the creator before recording.' }),
  expiresAt: z.iso.datetime().meta({ description: 'Send the capture before this instant.' }),
}).meta({ id: 'EnrolmentChallenge' });

const enrolmentSchema = z.object({
  enrolmentId: z.uuid(),
  cameoId: z.uuid(),
  state: z.enum(['pending', 'analysing', 'verified', 'failed']),
  progress: z.number().int().min(0).max(100),
  framesAnalysed: z.number().int(),
  failure: z.object({ code: z.enum(ENROLMENT_FAILURE_CODES), message: z.string().meta({ description: 'What to do, for the creator.' }) }).nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
}).meta({ id: 'FaceEnrolment' });

export const faceEnrolmentEndpoints = [
  endpoint({
    method: 'post', path: '/cameos/{cameoId}/enrolment-challenges', operationId: 'createEnrolmentChallenge', tag: 'cameos',
    summary: 'Ask for a challenge to verify my person cameo with a live face capture',
    description: 'The answer says which way to turn the head first; record a capture of 3 to 5 seconds doing that and send it to /cameos/{cameoId}/enrolments within 10 minutes.',
    params: cameoParams, response: challengeSchema, status: 201,
    handle: ({ ctx, creatorId, params }) => issueEnrolmentChallenge(ctx, creatorId, params),
  }),
  endpoint({
    method: 'post', path: '/cameos/{cameoId}/enrolments', operationId: 'createEnrolment', tag: 'cameos',
    summary: 'Send the face capture that answers a challenge; Loupe analyses it and verifies the cameo',
    description: 'The capture is a video (MP4, MOV or WebM, at most 20 MB), base64-encoded. Loupe checks that exactly one live face is in view, that the head turns as the challenge asked, and keeps encrypted face embeddings; the capture itself is deleted after analysis. Poll the enrolment for its outcome.',
    params: cameoParams, body: submitEnrolmentCaptureInput.omit({ cameoId: true }), response: z.object({ enrolmentId: z.uuid() }), status: 202,
    handle: ({ ctx, creatorId, params, body }) => submitEnrolmentCapture(ctx, creatorId, { ...body, cameoId: params.cameoId }),
  }),
  endpoint({
    method: 'get', path: '/cameos/{cameoId}/enrolments/{enrolmentId}', operationId: 'getEnrolment', tag: 'cameos',
    summary: 'Read an enrolment: its state, progress, and on failure the sentence saying what to do',
    params: enrolmentParams, response: enrolmentSchema,
    handle: ({ ctx, creatorId, params }) => getEnrolment(ctx, creatorId, params),
  }),
];
