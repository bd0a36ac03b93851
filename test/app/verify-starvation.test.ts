/**
 * One address cannot starve POST /api/verify, and nobody pays for Loupe's refusals (issue 10,
 * section 3 item 4). Real slow sockets on loopback, each from its own local address (127.0.0.x):
 * uploads that keep sending slowly hold no inspection slot, so others' files are checked while they
 * dribble in; a third upload from one address is refused at once (429) and a full server refuses
 * with 503, neither counted against the caller's quota; an upload that trickles a byte a second is
 * cut (408).
 */
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { IN_PROGRESS, PER_CLIENT, resetVerifyRateLimit } from '../../app/services/verify-upload.server';
import { startHttpServer } from '../../scripts/stack/http-server';
import { connectTestContext, type TestContext } from '../support/fixtures';

const VIDEO = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/videos/pattern-sd-grey-bar.mp4');
const BOUNDARY = 'loupe-starvation-test';
const FORM_HEAD = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
const FORM_TAIL = `\r\n--${BOUNDARY}--\r\n`;

let ctx: TestContext;
let server: Awaited<ReturnType<typeof startHttpServer>>;
let port: number;
const addressesUsed = new Set<string>();
beforeAll(async () => {
  ctx = await connectTestContext();
  // Bodies must keep 512 bytes per second: the slow uploads below send 2 KiB a second and are kept;
  // the trickle sends one byte a second and is cut after a window.
  server = await startHttpServer({ context: ctx, host: '127.0.0.1', port: 0, bodyReading: { windowMs: 1000, minBytesPerWindow: 512, deadlineMs: 120_000 } });
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  for (const address of addressesUsed) await resetVerifyRateLimit(ctx.db, address);
  await server?.close();
  await ctx?.close();
});

interface Upload {
  /** Resolves with the answer's status and body once it comes (or 0 if the connection ends first). */
  answer: Promise<{ status: number; body: string }>;
  /** Stops sending and drops the connection. */
  stop(): void;
}

/**
 * A multipart upload to /api/verify from `localAddress`, declaring `declaredBytes` of file and
 * writing `bytesPerTick` of it every `tickMs` (never finishing unless the file is complete).
 */
function slowUpload(localAddress: string, options: { declaredBytes: number; bytesPerTick: number; tickMs: number }): Upload {
  addressesUsed.add(localAddress);
  const length = Buffer.byteLength(FORM_HEAD) + options.declaredBytes + Buffer.byteLength(FORM_TAIL);
  const request = http.request({
    host: '127.0.0.1', port, localAddress, path: '/api/verify', method: 'POST', agent: false,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(length) },
  });
  request.on('error', () => undefined);
  request.write(FORM_HEAD);
  const timer = setInterval(() => request.write(Buffer.alloc(options.bytesPerTick, 0x41)), options.tickMs);
  const answer = new Promise<{ status: number; body: string }>((resolve) => {
    request.on('response', (response) => {
      clearInterval(timer);
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('error', () => undefined);
      response.on('close', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
    });
    request.on('close', () => resolve({ status: 0, body: '' }));
  });
  return {
    answer,
    stop: () => {
      clearInterval(timer);
      request.destroy();
    },
  };
}

/** A whole file posted at once from `localAddress`; resolves with the answer. */
async function verifyFrom(localAddress: string, file: Buffer): Promise<{ status: number; body: string }> {
  addressesUsed.add(localAddress);
  const body = Buffer.concat([Buffer.from(FORM_HEAD), file, Buffer.from(FORM_TAIL)]);
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1', port, localAddress, path: '/api/verify', method: 'POST', agent: false,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(body.length) },
    }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The checks counted against `address` in the current window (0 when none). */
async function quotaSpent(address: string): Promise<number> {
  const row = await ctx.db.selectFrom('rate_limits').select('points').where('key', '=', `verify:${address}`).executeTakeFirst();
  return row?.points ?? 0;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

it('checks others’ files while slow uploads hold their places, and refuses more without spending quota', async () => {
  const video = await fs.readFile(VIDEO);
  const steady = { declaredBytes: 20 * 1024 * 1024, bytesPerTick: 1024, tickMs: 500 };
  const uploads: Upload[] = [];
  try {
    // Three addresses, each with as many slow uploads as one address may have.
    for (const address of ['127.0.0.3', '127.0.0.4', '127.0.0.5']) {
      for (let i = 0; i < PER_CLIENT; i++) uploads.push(slowUpload(address, steady));
    }
    await settle();

    // One more from an address that already has its share: refused at once, and not counted.
    const extra = slowUpload('127.0.0.3', steady);
    uploads.push(extra);
    const refused = await extra.answer;
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error.message).toBe(`Your address already has ${PER_CLIENT} checks in progress: wait for one to finish, then try again.`);
    expect(await quotaSpent('127.0.0.3')).toBe(PER_CLIENT);

    // Someone else's file is checked while the slow uploads are still arriving.
    const other = await verifyFrom('127.0.0.6', video);
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toMatchObject({ manifestPresent: false });

    // Fill the server: every place taken, a newcomer gets 503, and it costs them nothing.
    for (let i = 0; i < IN_PROGRESS - 3 * PER_CLIENT; i++) uploads.push(slowUpload(`127.0.1.${1 + Math.floor(i / PER_CLIENT)}`, steady));
    await settle();
    const busy = await verifyFrom('127.0.0.20', video);
    expect(busy.status).toBe(503);
    expect(JSON.parse(busy.body).error.message).toBe('Loupe is checking many files right now: try again in a minute.');
    expect(await quotaSpent('127.0.0.20')).toBe(0);
    // The slow uploads were kept all along (they keep to the minimum rate).
    const held = uploads.filter((upload) => upload !== extra);
    const stillOpen = await Promise.race([Promise.any(held.map((u) => u.answer)).then(() => 'answered'), settle().then(() => 'open')]);
    expect(stillOpen).toBe('open');
  } finally {
    for (const upload of uploads) upload.stop();
  }

  // Once they are gone, their places are free again.
  await settle();
  expect((await verifyFrom('127.0.0.20', video)).status).toBe(200);
});

it('cuts an upload that trickles in a byte a second with 408', async () => {
  const trickle = slowUpload('127.0.0.30', { declaredBytes: 1024 * 1024, bytesPerTick: 1, tickMs: 1000 });
  const started = Date.now();
  const answer = await trickle.answer;
  trickle.stop();
  expect(answer.status).toBe(408);
  expect(JSON.parse(answer.body).error.message).toMatch(/arrived too slowly/);
  expect(Date.now() - started).toBeLessThan(10_000);
});
