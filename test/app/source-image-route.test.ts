/**
 * The source image of an image-to-video request is an unreviewed upload: the console serves it to
 * logged-in staff at /review/source-images/<sha256>.<ext>, and to nobody else (404, the same answer
 * as for a file that does not exist).
 */
import { renderTestPatternImage } from '../../activities/media/test-pattern-image';
import { stripSourceImageMetadata } from '../../policies/source-image';
import { createCreator, createStaff, submit, TEST_PASSWORD, waitForStatus, type TestContext } from '../support/fixtures';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
let jpeg: Buffer;
let imagePath: string;

beforeAll(async () => {
  jpeg = await renderTestPatternImage('testsrc2=s=300x200', 'jpg');
  const creator = await createCreator(ctx.db);
  // A flagged prompt: the request waits in prompt review, so nothing about it is public.
  const { requestId } = await submit(ctx, {
    creatorId: creator.id,
    prompt: 'Breaking news footage: a rainy morning at a polling station on election day',
    sourceImageBase64: jpeg.toString('base64'),
  });
  await waitForStatus(ctx.db, requestId, ['prompt_review']);
  const { source_image_sha256: sha256 } = await ctx.db.selectFrom('request_source_images').select('source_image_sha256').where('request_id', '=', requestId).executeTakeFirstOrThrow();
  imagePath = `/review/source-images/${sha256}.jpg`;
});

async function staffCookie(): Promise<string> {
  const reviewer = await createStaff(ctx.db, 'reviewer');
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email: reviewer.email, password: TEST_PASSWORD, next: '/queues' }),
    redirect: 'manual',
  });
  expect(login.status).toBe(302);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

it('answers 404 to anonymous requests for a source image', async () => {
  const response = await fetch(`${server.url}${imagePath}`);
  expect(response.status).toBe(404);
  expect(Buffer.from(await response.arrayBuffer())).not.toEqual(jpeg);
});

it('serves the stored bytes to logged-in staff, typed by what was sniffed at upload and never cached publicly', async () => {
  const cookie = await staffCookie();
  const response = await fetch(`${server.url}${imagePath}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/jpeg');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('cache-control')).toMatch(/^private/);
  // The stored image is the upload without its metadata (ffmpeg's comment segment here), nothing else changed.
  expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from(stripSourceImageMetadata(jpeg, 'image/jpeg')));

  // Other routes do not hand it out either.
  expect((await fetch(`${server.url}${imagePath.replace('/review/source-images/', '/media/')}`, { headers: { cookie } })).status).toBe(404);
  // The wrong extension, an unknown hash or a path trick find nothing, even for staff.
  for (const wrong of [imagePath.replace(/\.jpg$/, '.png'), `/review/source-images/${'0'.repeat(64)}.jpg`, '/review/source-images/..%2F..%2Fetc%2Fpasswd']) {
    expect((await fetch(`${server.url}${wrong}`, { headers: { cookie } })).status).toBe(404);
  }
});

describe('the demo submit form on /requests', () => {
  async function postForm(cookie: string, fields: Record<string, string>, image?: Buffer) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    form.set('sourceImage', image ? new Blob([new Uint8Array(image)], { type: 'application/octet-stream' }) : new Blob([]), image ? 'upload.bin' : '');
    const response = await fetch(`${server.url}/requests`, { method: 'POST', body: form, headers: { cookie } });
    expect(response.status).toBe(200);
    return response.text();
  }

  it('submits an image-to-video request from an uploaded file, and refuses one over 10 MB while it uploads', async () => {
    const admin = await createStaff(ctx.db, 'admin');
    const login = await fetch(`${server.url}/login`, { method: 'POST', body: new URLSearchParams({ email: admin.email, password: TEST_PASSWORD }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const creator = await createCreator(ctx.db);
    const fields = { creatorId: creator.id, prompt: 'A calm lake at dawn', durationSeconds: '2', cameoId: '' };

    const page = await postForm(cookie, fields, jpeg);
    const requestId = /Submitted: request <code>([0-9a-f-]{36})<\/code>/.exec(page)?.[1];
    expect(requestId).toBeDefined();
    const link = await ctx.db.selectFrom('request_source_images').innerJoin('source_images', 'source_images.sha256', 'request_source_images.source_image_sha256')
      .select(['source_images.mime_type', 'source_images.width', 'source_images.height']).where('request_id', '=', requestId!).executeTakeFirstOrThrow();
    expect(link).toEqual({ mime_type: 'image/jpeg', width: 300, height: 200 });
    await ctx.temporal.workflow.getHandle(requestId!).result();

    // An empty file input means text-to-video.
    const textOnly = /Submitted: request <code>([0-9a-f-]{36})<\/code>/.exec(await postForm(cookie, fields))?.[1];
    expect(textOnly).toBeDefined();
    expect(await ctx.db.selectFrom('request_source_images').select('request_id').where('request_id', '=', textOnly!).executeTakeFirst()).toBeUndefined();

    const tooLarge = await postForm(cookie, fields, Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]));
    expect(tooLarge).toContain('The source image is larger than 10 MB, the limit');
    await ctx.temporal.workflow.getHandle(textOnly!).result();
  });
});
