/**
 * Protected persons' reference faces on the registry page (issue 12): legal uploads a photo of a
 * registry entry through the console, the referenceFaceEnrolment workflow finds its one face and
 * stores the embedding encrypted (never on the page, never in the audit log); a photo of two people
 * fails with a sentence naming the person; other roles and cross-site posts are refused; deleting a
 * photo deletes its embeddings and writes an audit entry, and the photo stops being served.
 * Faces are the fixtures built from @vladmandic/human's own sample photos (test/support/face-fixtures.ts).
 */
import { randomUUID } from 'node:crypto';
import { referenceFaceEnrolmentWorkflowId } from '../../contracts';
import type { StaffRole } from '../../db/schema';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import { faceOf, twoFaces, type FaceFixtureImage } from '../support/face-fixtures';
import { callerAs, createStaff, TEST_PASSWORD, type TestContext } from '../support/fixtures';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));

async function sessionFor(role: StaffRole) {
  const staff = await createStaff(ctx.db, role);
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ email: staff.email, password: TEST_PASSWORD }),
    redirect: 'manual',
  });
  return { staff, cookie: login.headers.get('set-cookie')!.split(';')[0]! };
}

/** A registry entry nobody else's test uses. */
async function registryEntry(): Promise<{ id: string; name: string }> {
  const name = `Ottilie Referencia ${randomUUID().slice(0, 8)}`;
  const row = await ctx.db.insertInto('public_figures').values({ name, living: true, source: 'console' }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, name };
}

/** Posts the page's upload form as the browser does (multipart), answering the route's JSON. */
async function upload(cookie: string, personId: string, photo: FaceFixtureImage, origin = server.url) {
  const form = new FormData();
  form.set('personId', personId);
  form.set('file', new Blob([new Uint8Array(photo.bytes)], { type: 'image/jpeg' }), `${photo.name}.jpg`);
  const response = await fetch(`${server.url}/policy/registries/reference-faces?_data=routes%2Fpolicy.registries_.reference-faces`, {
    method: 'POST', headers: { cookie, origin }, body: form,
  });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
  return { status: response.status, body };
}

/** Waits for the image's analysis workflow and returns its row. */
async function analysed(imageId: string) {
  await ctx.temporal.workflow.getHandle(referenceFaceEnrolmentWorkflowId(imageId)).result();
  return ctx.db.selectFrom('protected_person_reference_images').selectAll().where('id', '=', imageId).executeTakeFirstOrThrow();
}

const embeddingsOf = (imageId: string) =>
  ctx.db.selectFrom('face_embeddings').select(['subject_kind', 'subject_id', 'source', 'ciphertext']).where('source_id', '=', imageId).execute();

it('legal uploads a photo of one face: enrolled with its embedding encrypted, listed blurred, served to staff only, audited without the face', async () => {
  const { staff, cookie } = await sessionFor('legal');
  const person = await registryEntry();
  const photo = await faceOf('man-faceid');
  const uploaded = await upload(cookie, person.id, photo);
  expect(uploaded).toMatchObject({ status: 200, body: { ok: true, imageId: expect.any(String) } });
  const imageId: string = uploaded.body.imageId;

  const row = await analysed(imageId);
  expect(row).toMatchObject({ person_id: person.id, state: 'enrolled', faces_found: 1, failure_message: null, uploaded_by: staff.id });
  expect(row.storage_key).toMatch(/^references\/[0-9a-f]{64}\.jpg$/);
  const stored = await embeddingsOf(imageId);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ subject_kind: 'protected_person', subject_id: person.id, source: 'reference_image' });
  // iv(12) || tag(16) || 1024 float32 values, sealed: not the float32 bytes of a unit vector in the clear.
  expect(stored[0]!.ciphertext.length).toBe(12 + 16 + 1024 * 4);

  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id', 'after']).where('subject_id', '=', imageId).execute();
  expect(audit).toEqual([{ action: 'registry.reference_face.upload', actor_staff_id: staff.id, after: expect.objectContaining({ personId: person.id, sha256: row.sha256 }) }]);
  expect(JSON.stringify(audit)).not.toMatch(/embedding|ciphertext/i);

  const page = await (await fetch(`${server.url}/policy/registries`, { headers: { cookie } })).text();
  const file = `${row.sha256}.jpg`;
  expect(page).toContain(`/policy/registries/reference-faces/${file}`);
  expect(page).toContain('blur(12px)');
  expect(page).toContain('1 enrolled');
  const served = await fetch(`${server.url}/policy/registries/reference-faces/${file}`, { headers: { cookie } });
  expect(served.status).toBe(200);
  expect(Buffer.from(await served.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  expect((await fetch(`${server.url}/policy/registries/reference-faces/${file}`)).status).toBe(404);
  const reviewer = await sessionFor('reviewer');
  expect((await fetch(`${server.url}/policy/registries/reference-faces/${file}`, { headers: { cookie: reviewer.cookie } })).status).toBe(404);
});

it('refuses a reviewer and a policy manager, a cross-site post and a file that is not a picture, storing nothing', async () => {
  const person = await registryEntry();
  const photo = await faceOf('man-faceid');
  for (const role of ['reviewer', 'policy_manager'] as const) {
    const { cookie } = await sessionFor(role);
    const refused = await upload(cookie, person.id, photo);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, error: 'Your role may not upload reference faces; ask legal or an admin.' });
  }
  const { cookie } = await sessionFor('admin');
  expect((await upload(cookie, person.id, photo, 'https://evil.example')).status).toBe(403);
  const text = await upload(cookie, person.id, { ...photo, bytes: Buffer.from('not a picture at all') });
  expect(text.status).toBe(400);
  expect(text.body).toMatchObject({ ok: false, error: expect.stringContaining('not a JPEG or PNG image') });
  const rows = await ctx.db.selectFrom('protected_person_reference_images').select('id').where('person_id', '=', person.id).execute();
  expect(rows).toEqual([]);
});

it('a photo of two people fails with a sentence naming the person, and stores no embedding', async () => {
  const { cookie } = await sessionFor('legal');
  const person = await registryEntry();
  const uploaded = await upload(cookie, person.id, await twoFaces());
  expect(uploaded.status).toBe(200);
  const row = await analysed(uploaded.body.imageId);
  expect(row).toMatchObject({ state: 'failed', faces_found: 2, failure_message: `This image shows 2 faces; upload a photo with only ${person.name}.` });
  expect(await embeddingsOf(row.id)).toEqual([]);
  const page = await (await fetch(`${server.url}/policy/registries`, { headers: { cookie } })).text();
  expect(page).toContain(`This image shows 2 faces; upload a photo with only ${person.name}.`);
});

it('deleting a photo deletes its embeddings and writes an audit entry; its file goes with the last entry holding it; only legal or admins may delete', async () => {
  const { staff, cookie } = await sessionFor('legal');
  const [first, second] = [await registryEntry(), await registryEntry()];
  const photo = await faceOf('man-facedetect');
  // The same photo for two entries: one content-addressed file, two reference images.
  const rows = [];
  for (const person of [first, second]) rows.push(await analysed((await upload(cookie, person.id, photo)).body.imageId));
  const [row, twin] = rows as [(typeof rows)[number], (typeof rows)[number]];
  expect([row.state, twin.state]).toEqual(['enrolled', 'enrolled']);
  expect(twin.storage_key).toBe(row.storage_key);
  expect(await embeddingsOf(row.id)).toHaveLength(1);

  const policyManager = await createStaff(ctx.db, 'policy_manager');
  await expect(callerAs(ctx, policyManager).policy.deleteReferenceFace({ imageId: row.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  expect(await callerAs(ctx, staff).policy.deleteReferenceFace({ imageId: row.id })).toEqual({ embeddingsDeleted: 1, photoRemoved: false });
  expect(await embeddingsOf(row.id)).toEqual([]);
  expect(await embeddingsOf(twin.id)).toHaveLength(1);
  expect(await ctx.media.exists(row.storage_key)).toBe(true);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'actor_staff_id', 'after']).where('subject_id', '=', row.id).orderBy('id').execute();
  expect(audit.map((entry) => entry.action)).toEqual(['registry.reference_face.upload', 'registry.reference_face.delete']);
  expect(audit[1]).toMatchObject({ actor_staff_id: staff.id, after: { deleted: true, embeddingsDeleted: 1, photoRemoved: false } });
  await expect(callerAs(ctx, staff).policy.deleteReferenceFace({ imageId: row.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  const listed = await callerAs(ctx, staff).policy.referenceFaces();
  expect(listed.map((image) => image.id)).toEqual(expect.arrayContaining([twin.id]));
  expect(listed.some((image) => image.id === row.id)).toBe(false);

  expect(await callerAs(ctx, staff).policy.deleteReferenceFace({ imageId: twin.id })).toEqual({ embeddingsDeleted: 1, photoRemoved: true });
  expect(await ctx.media.exists(row.storage_key)).toBe(false);
  expect((await fetch(`${server.url}/policy/registries/reference-faces/${row.sha256}.jpg`, { headers: { cookie } })).status).toBe(404);
});
