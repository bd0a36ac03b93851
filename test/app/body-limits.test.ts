/**
 * Every route's request body is held to a size and a speed while it is read (issue 10, section 3
 * item 5; app/services/body-limits.server.ts): a declared length over the limit is refused at once,
 * a chunked body without a length is cut at the first byte too many, a tRPC batch of too many calls
 * is refused before anything runs, and a body that trickles in is cut. Each refusal is 413 (or 408)
 * with one sentence in the route's own shape, and the server answers before the client has sent
 * everything: it never reads (or parses) what it will not use.
 */
import http from 'node:http';
import { DEFAULT_BODY_BYTES, TRPC_BODY_BYTES } from '../../app/services/body-limits.server';
import { MAX_UPLOAD_BYTES, resetVerifyRateLimit } from '../../app/services/verify-upload.server';
import { MAX_BATCH_CALLS } from '../../app/trpc/batch-limit';
import { startHttpServer } from '../../scripts/stack/http-server';
import { connectTestContext, type TestContext } from '../support/fixtures';

/** A short window, so the speed rule can be seen in a test: 1 KiB per second, a 20 s deadline. */
const TEST_READING = { windowMs: 1000, minBytesPerWindow: 1024, deadlineMs: 20_000 };
const MiB = 1024 * 1024;

let ctx: TestContext;
let server: Awaited<ReturnType<typeof startHttpServer>>;
beforeAll(async () => {
  ctx = await connectTestContext();
  server = await startHttpServer({ context: ctx, host: '127.0.0.1', port: 0, bodyReading: TEST_READING });
  // The /api/verify upload below must reach the body limit, not this address's allowance of checks.
  await resetVerifyRateLimit(ctx.db, '127.0.0.1');
});
afterAll(async () => {
  // The upload test counted against this address's /api/verify allowance; later files start afresh.
  await resetVerifyRateLimit(ctx.db, '127.0.0.1');
  await server?.close();
  await ctx?.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** How many body bytes the client had written when the answer's status line arrived. */
  sentBeforeAnswer: number;
}

/**
 * Sends a request whose body is `chunk` repeated (up to `capBytes`, written as fast as the socket
 * takes it, or `intervalMs` apart), and stops sending as soon as the answer's status line arrives.
 * Without `contentLength` the body goes chunked, as a streaming client sends it.
 */
function send(path: string, options: { method?: string; headers?: Record<string, string>; chunk: Buffer | string; capBytes: number; contentLength?: number; intervalMs?: number }): Promise<Answer> {
  const { port } = new URL(server.url);
  const chunk = Buffer.from(options.chunk);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request({
      host: '127.0.0.1', port, path, method: options.method ?? 'POST', agent: false,
      headers: { ...options.headers, ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}) },
    });
    request.on('response', (response) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('error', () => undefined);
      response.on('close', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString('utf8'), sentBeforeAnswer }));
    });
    // After the answer the server closes the connection; writes still in flight fail, which is expected.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const writeMore = () => {
      if (answered || request.destroyed) return;
      if (sent >= options.capBytes) {
        request.end();
        return;
      }
      const piece = chunk.subarray(0, Math.min(chunk.length, options.capBytes - sent));
      sent += piece.length;
      const flushed = request.write(piece);
      if (options.intervalMs) setTimeout(writeMore, options.intervalMs);
      else if (flushed) setImmediate(writeMore);
      else request.once('drain', writeMore);
    };
    writeMore();
  });
}

const json = { 'content-type': 'application/json' };

describe('too large', () => {
  it('refuses a declared 100 MB JSON body to staff.acceptInvite with 413 in tRPC’s shape, before reading it', async () => {
    const answer = await send('/api/trpc/staff.acceptInvite', { headers: json, chunk: '{"token":"', capBytes: 10, contentLength: 100 * MiB });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: { message: 'The request body is too large: this address accepts at most 1 MB. Send a smaller file or form.', code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } },
    });
  });

  it('cuts a chunked JSON body without a length at the limit, while it streams in', async () => {
    const answer = await send('/api/trpc/staff.acceptInvite', { headers: json, chunk: Buffer.alloc(64 * 1024, 0x20), capBytes: 100 * MiB });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/too large: this address accepts at most 1 MB/);
    expect(answer.sentBeforeAnswer).toBeLessThan(20 * MiB);
  });

  it('cuts a 50 MB chunked login form at 64 KB, with a plain sentence', async () => {
    const answer = await send('/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, chunk: `email=${'a'.repeat(64 * 1024)}`, capBytes: 50 * MiB });
    expect(answer.status).toBe(413);
    expect(answer.headers['content-type']).toMatch(/^text\/plain/);
    expect(answer.body.trim()).toBe('The request body is too large: this address accepts at most 64 KB. Send a smaller file or form.');
    expect(answer.sentBeforeAnswer).toBeLessThan(20 * MiB);
    // A declared one is refused without a byte read.
    const declared = await send('/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, chunk: 'email=a', capBytes: 7, contentLength: DEFAULT_BODY_BYTES + 1 });
    expect(declared.status).toBe(413);
  });

  it('lets a client that writes its whole body before reading (fetch) read the 413', async () => {
    const response = await fetch(`${server.url}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${'a'.repeat(8 * MiB)}` });
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/too large: this address accepts at most 64 KB/);
  });

  it('cuts a 60 MB chunked upload to /api/verify, answering in its JSON shape', async () => {
    const boundary = 'loupe-limit-test';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
    const answer = await send('/api/verify', {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      chunk: Buffer.concat([Buffer.from(head), Buffer.alloc(256 * 1024 - head.length, 1)]), capBytes: 60 * MiB,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toBe('The file is too large: Loupe checks files up to 50 MB.');
    expect(answer.sentBeforeAnswer).toBeLessThan(MAX_UPLOAD_BYTES + 10 * MiB);
  });

  it('still takes bodies within the limit', async () => {
    const body = JSON.stringify({ token: 'no-such-invite', displayName: 'Somebody', password: 'a long enough password' });
    const answer = await send('/api/trpc/staff.acceptInvite', { headers: json, chunk: body, capBytes: body.length, contentLength: body.length });
    expect(answer.status).toBe(400);
    expect(answer.body).not.toMatch(/too large/);
    expect(body.length).toBeLessThan(TRPC_BODY_BYTES);
  });
});

describe('tRPC batches', () => {
  const batchPath = (calls: number) => `/api/trpc/${Array.from({ length: calls }, () => 'review.queues').join(',')}?batch=1`;

  it(`refuses a batch of more than ${MAX_BATCH_CALLS} calls with 413, one refusal per call, before running any`, async () => {
    const calls = MAX_BATCH_CALLS + 1;
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, {}])));
    const answer = await send(batchPath(calls), { headers: json, chunk: body, capBytes: body.length, contentLength: body.length });
    expect(answer.status).toBe(413);
    const refusals = JSON.parse(answer.body) as { error: { message: string; data: { httpStatus: number } } }[];
    expect(refusals).toHaveLength(calls);
    expect(refusals[0]!.error).toMatchObject({ message: `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one has ${calls}. Send them in smaller batches.`, data: { httpStatus: 413 } });
  });

  it(`runs a batch of ${MAX_BATCH_CALLS} (anonymous: each call answered UNAUTHORIZED, none refused for size)`, async () => {
    const answer = await send(batchPath(MAX_BATCH_CALLS).replace('?batch=1', '?batch=1&input=%7B%7D'), { method: 'GET', chunk: '', capBytes: 0 });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toHaveLength(MAX_BATCH_CALLS);
  });
});

describe('too slow', () => {
  it('cuts a body that trickles in at one byte a second with 408 and a sentence', async () => {
    const started = Date.now();
    const answer = await send('/login', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, chunk: 'e', capBytes: 100, contentLength: 100, intervalMs: 1000 });
    expect(answer.status).toBe(408);
    expect(answer.body).toMatch(/arrived too slowly \(under 1 KB per second, or not complete within 20 seconds\)/);
    // Cut within a couple of windows, not at the deadline.
    expect(Date.now() - started).toBeLessThan(TEST_READING.deadlineMs / 2);
  });

  it('cuts a steady body at the deadline', async () => {
    // 2 KiB every 500 ms keeps above the minimum rate but would take 15 s for 60 KiB.
    const server2 = await startHttpServer({ context: ctx, host: '127.0.0.1', port: 0, bodyReading: { ...TEST_READING, deadlineMs: 3000 } });
    try {
      const { port } = new URL(server2.url);
      const answer = await new Promise<number>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, path: '/login', method: 'POST', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(60 * 1024) } });
        request.on('response', (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          clearInterval(timer);
        });
        request.on('error', () => undefined);
        const timer = setInterval(() => request.write(Buffer.alloc(2048, 0x41)), 500);
        setTimeout(() => reject(new Error('no answer within 15 s')), 15_000).unref();
      });
      expect(answer).toBe(408);
    } finally {
      await server2.close();
    }
  });
});
