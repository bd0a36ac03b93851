/**
 * The app API's copyright claims (issue 13), through PostgreSQL and Temporal: a creator account
 * files a claim with a proof document and reads it back by id; another creator cannot read it; bad
 * input (no entities, an unknown rule, a file of the wrong type for its role, a reference file that
 * names no entity of several) is a 400 with a sentence; an unknown id is a 404.
 */
import { randomUUID } from 'node:crypto';
import { callApi, useAppApiClient } from '../support/app-api';
import { createCreator, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let key: string;
useAppApiClient((client) => ({ ctx, key } = client));

const PDF = Buffer.from('%PDF-1.4\n% trademark registration\n').toString('base64');
const claim = (name: string) => ({
  claimantName: 'Bea Holder', claimantOrganisation: 'Holder Brands Ltd', contactEmail: `bea-${randomUUID().slice(0, 8)}@holder.example`,
  statement: 'Holder Brands Ltd registered this brand in the UK and the EU in 2015 and uses it on every product.',
  entities: [{ name, kind: 'brand', aliases: [{ name: `${name} Co`, lang: 'en' }], territories: ['GB', 'FR'], requestedRule: 'review' }],
  files: [{ role: 'proof', filename: 'registration.pdf', contentBase64: PDF }],
});

it('files a claim as the acting creator and reads it by id; others cannot', async () => {
  const studio = await createCreator(ctx.db);
  const name = `Holdermark ${randomUUID().slice(0, 6)}`;
  const filed = await callApi(ctx, 'POST', '/copyright-claims', { key, creatorId: studio.id, body: claim(name) });
  expect(filed.status).toBe(202);
  expect(filed.json).toMatchObject({ claimId: expect.any(String), statusToken: expect.any(String), state: 'received', conflicts: 0 });

  const read = await callApi(ctx, 'GET', `/copyright-claims/${filed.json.claimId as string}`, { key, creatorId: studio.id });
  expect(read.status).toBe(200);
  expect(read.json).toMatchObject({ claimId: filed.json.claimId, entities: [{ name, kind: 'brand', requestedRule: 'review', approvedRule: null, leftOut: false }], decisionReason: null });
  expect(['received', 'in_review']).toContain(read.json.state);
  const row = await ctx.db.selectFrom('copyright_claims').select(['creator_id', 'claimant_organisation']).where('id', '=', filed.json.claimId as string).executeTakeFirstOrThrow();
  expect(row).toEqual({ creator_id: studio.id, claimant_organisation: 'Holder Brands Ltd' });
  const files = await ctx.db.selectFrom('copyright_claim_files').select(['role', 'mime_type', 'storage_key']).where('claim_id', '=', filed.json.claimId as string).execute();
  expect(files).toEqual([{ role: 'proof', mime_type: 'application/pdf', storage_key: expect.stringMatching(/^claims\/[a-f0-9]{64}\.pdf$/) }]);

  const stranger = await createCreator(ctx.db);
  const hidden = await callApi(ctx, 'GET', `/copyright-claims/${filed.json.claimId as string}`, { key, creatorId: stranger.id });
  expect(hidden.status).toBe(404);
  expect(hidden.json.error?.message).toContain('You filed no copyright claim with the id');
  expect((await callApi(ctx, 'GET', '/copyright-claims/not-a-uuid', { key, creatorId: studio.id })).status).toBe(400);
});

it('refuses bad input with a sentence a claimant can act on', async () => {
  const studio = await createCreator(ctx.db);
  const name = `Holdermark ${randomUUID().slice(0, 6)}`;
  const post = (body: unknown) => callApi(ctx, 'POST', '/copyright-claims', { key, creatorId: studio.id, body });

  const none = await post({ ...claim(name), entities: [] });
  expect(none.status).toBe(400);
  expect(none.json.error?.message).toContain('Name at least one character, work or brand you claim.');

  const rule = await post({ ...claim(name), entities: [{ ...claim(name).entities[0], requestedRule: 'forbid' }] });
  expect(rule.status).toBe(400);
  expect(rule.json.error?.message).toContain('allow, review or block');

  const territory = await post({ ...claim(name), entities: [{ ...claim(name).entities[0], territories: ['Narnia'] }] });
  expect(territory.status).toBe(400);
  expect(territory.json.error?.message).toContain('two-letter country codes');

  const wrongType = await post({ ...claim(name), files: [{ role: 'reference_clip', filename: 'clip.pdf', contentBase64: PDF }] });
  expect(wrongType.status).toBe(400);
  expect(wrongType.json.error?.message).toContain('The file clip.pdf is not an MP4 file, which a reference clip must be');

  const notBase64 = await post({ ...claim(name), files: [{ role: 'proof', filename: 'letter.pdf', contentBase64: 'this is not base64!' }] });
  expect(notBase64.status).toBe(400);
  expect(notBase64.json.error?.message).toBe('The content of the file letter.pdf is not valid base64; encode the file\'s bytes as base64 in contentBase64 and send it again.');

  const twoEntities = { ...claim(name), entities: [claim(name).entities[0], { ...claim(name).entities[0], name: `${name} Two` }] };
  // Only the PNG signature matters for the type; the entity is asked for before anything is stored.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');
  const whichEntity = await post({ ...twoEntities, files: [{ role: 'reference_image', filename: 'logo.png', contentBase64: png }] });
  expect(whichEntity.status).toBe(400);
  expect(whichEntity.json.error?.message).toContain('Say which entity the reference file logo.png shows');
  const pastTheEnd = await post({ ...claim(name), files: [{ role: 'reference_image', filename: 'x.png', entityIndex: 5, contentBase64: png }] });
  expect(pastTheEnd.status).toBe(400);
  expect(pastTheEnd.json.error?.message).toBe('The reference file x.png has entityIndex 5, but the claim names only 1 entity: entityIndex counts from 0, so the first entity is 0 and the last is 0.');

  const twice = await post({ ...claim(name), entities: [claim(name).entities[0], claim(name).entities[0]] });
  expect(twice.status).toBe(400);
  expect(twice.json.error?.message).toContain(`names ${name} twice`);

  expect(await ctx.db.selectFrom('copyright_claim_entities').select('claim_id').where('name', '=', name).execute()).toEqual([]);
});
