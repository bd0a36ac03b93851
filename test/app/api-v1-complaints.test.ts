/**
 * The app API's likeness complaints, through PostgreSQL and Temporal: a creator files one about a
 * published video and reads its status with the token it answered; bad input and a token that opens
 * nothing are 4xx with a sentence.
 */
import { callApi, useAppApiClient } from '../support/app-api';
import { createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let key: string;
useAppApiClient((client) => ({ ctx, key } = client));

it('files a likeness complaint as the acting creator and reads its status', async () => {
  const maker = await createCreator(ctx.db);
  const complainant = await createCreator(ctx.db);
  const submitted = await callApi(ctx, 'POST', '/requests', { key, creatorId: maker.id, body: { prompt: 'A lighthouse beam sweeping over a calm sea at night', durationSeconds: 2, seed: 11 } });
  const { videoId } = await ctx.temporal.workflow.getHandle(submitted.json.requestId as string).result() as { videoId: string };

  const badRelationship = await callApi(ctx, 'POST', '/likeness-complaints', {
    key, creatorId: complainant.id, body: { relationship: 'fan', complainantName: 'Ana Lima', complainantEmail: 'ana@example.test', videoIds: [videoId], evidenceText: 'x' },
  });
  expect(badRelationship.status).toBe(400);
  expect(badRelationship.json.error?.code).toBe('bad_request');
  const noVideos = await callApi(ctx, 'POST', '/likeness-complaints', {
    key, creatorId: complainant.id, body: { relationship: 'self', complainantName: 'Ana Lima', complainantEmail: 'ana@example.test', videoIds: [], evidenceText: 'It is me.' },
  });
  expect(noVideos.status).toBe(400);

  const filed = await callApi(ctx, 'POST', '/likeness-complaints', {
    key, creatorId: complainant.id,
    body: {
      relationship: 'self', complainantName: 'Ana Lima Quarterfield', complainantEmail: 'ana@example.test', videoIds: [videoId],
      evidenceText: 'The keeper of this lighthouse has my face; I never made a cameo or agreed to this video.',
    },
  });
  expect(filed.status).toBe(202);
  expect(filed.json).toMatchObject({ complaintId: expect.any(String), statusToken: expect.any(String), state: 'received' });
  const row = await ctx.db.selectFrom('likeness_complaints').select('creator_id').where('id', '=', filed.json.complaintId as string);
  await expect.poll(async () => (await row.executeTakeFirst())?.creator_id, { timeout: 30_000 }).toBe(complainant.id);

  const status = await callApi(ctx, 'POST', '/likeness-complaints/status', { key, creatorId: complainant.id, body: { statusToken: filed.json.statusToken } });
  expect(status.status).toBe(200);
  expect(status.json).toMatchObject({ complaintId: filed.json.complaintId, videoIds: [videoId], decisionReason: null });
  expect(['received', 'in_review']).toContain(status.json.state);

  const unknown = await callApi(ctx, 'POST', '/likeness-complaints/status', { key, creatorId: complainant.id, body: { statusToken: 'a'.repeat(43) } });
  expect(unknown.status).toBe(404);
  const empty = await callApi(ctx, 'POST', '/likeness-complaints/status', { key, creatorId: complainant.id, body: {} });
  expect(empty.status).toBe(400);
});
