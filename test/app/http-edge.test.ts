/**
 * The HTTP edge (app/services/http-edge.server.ts): requests the Remix adapter cannot turn into a
 * Fetch Request are refused with a sentence before any route: TRACE and other methods no route
 * serves with 405 (Node's own parser already answers 400 to methods it does not know, such as
 * TRACK), and a Host that is no host (or, behind a declared proxy, a forwarded host or protocol
 * that is none) with 400; without a declared proxy X-Forwarded-Host is ignored. An error outside
 * every route (a static path with broken percent-encoding) is answered without a stack trace.
 */
import { edgeRefusal } from '../../app/services/http-edge.server';
import { startHttpServer } from '../../scripts/stack/http-server';
import { closeRawConnections, rawRequest } from '../support/raw-http';
import { useConsoleHarness, type TestServer } from '../support/console-harness';
import type { TestContext } from '../support/fixtures';

let ctx: TestContext;
let server: TestServer;
useConsoleHarness((harness) => ({ ctx, server } = harness));
afterAll(() => closeRawConnections());

const STACK = /\bat .*:\d+:\d+|node_modules|\/work\//;

it('refuses methods no route serves with 405, an Allow header and a sentence, as JSON under /api/', async () => {
  for (const [method, path] of [['TRACE', '/'], ['TRACE', '/feed'], ['PROPFIND', '/'], ['LOCK', '/login'], ['MKCOL', '/queues'], ['PURGE', '/media/x.mp4'], ['TRACE', '/api/feed']] as const) {
    const response = await rawRequest(server.url, { method, path });
    expect({ method, path, status: response.status, allow: response.headers.allow }).toEqual({ method, path, status: 405, allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' });
    const message = path.startsWith('/api/') ? (JSON.parse(response.body) as { error: { message: string } }).error.message : response.body;
    expect(message).toBe(`Loupe does not answer ${method} requests; use one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.`);
  }
});

it('refuses a Host that makes no URL with 400 and a sentence', async () => {
  for (const host of ['[', 'localhost:99999', 'a b', 'evil.example/path', 'gzip, br', 'user@host']) {
    const response = await rawRequest(server.url, { method: 'GET', path: '/feed', headers: { host } });
    expect({ host, status: response.status }).toEqual({ host, status: 400 });
    expect(response.body).toBe("The Host header does not name a host; send the console's own address (for example localhost:3000).");
  }
  expect((await rawRequest(server.url, { method: 'GET', path: '/feed', headers: { host: '[::1]:3000' } })).status).toBe(200);
});

it('ignores X-Forwarded-Host when no proxy is declared, so a form post that carries one is not a 500', async () => {
  for (const forwarded of ['[', 'localhost:70000', 'a:b c', 'evil.example']) {
    const page = await rawRequest(server.url, { method: 'GET', path: '/feed', headers: { 'x-forwarded-host': forwarded } });
    expect({ forwarded, status: page.status }).toEqual({ forwarded, status: 200 });
    // Remix compares a form post's Origin with X-Forwarded-Host, whatever `trust proxy` says.
    const post = await rawRequest(server.url, {
      method: 'POST', path: '/report', body: 'x=1',
      headers: { 'x-forwarded-host': forwarded, origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect({ forwarded, status: post.status }).toEqual({ forwarded, status: 405 });
  }
});

it('reads Host as URL parsing does, so a form post from the same origin with the host written differently is not a 500', async () => {
  const { port } = new URL(server.url);
  // Remix compares a document form post's Origin with Host as plain text.
  for (const [host, origin] of [[`LOCALHOST:${port}`, `http://localhost:${port}`], ['localhost:80', 'http://localhost'], ['Localhost', 'http://localhost:80']]) {
    const post = await rawRequest(server.url, {
      method: 'POST', path: '/report', body: 'x=1', headers: { host: host!, origin: origin!, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect({ host, origin, status: post.status }).toEqual({ host, origin, status: 405 });
  }
});

describe('behind a declared proxy', () => {
  let proxied: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    proxied = await startHttpServer({ context: ctx, host: '127.0.0.1', port: 0, trustedProxies: 1 });
  });
  afterAll(async () => proxied?.close());

  it('refuses an X-Forwarded-Host or X-Forwarded-Proto that makes no URL with 400 and a sentence', async () => {
    const refused: Record<string, string>[] = [{ 'x-forwarded-host': '[' }, { 'x-forwarded-host': 'localhost:70000' }, { 'x-forwarded-host': 'a:b c' }, { 'x-forwarded-proto': '!' }, { 'x-forwarded-proto': 'javascript' }];
    for (const headers of refused) {
      const response = await rawRequest(proxied.url, { method: 'GET', path: '/feed', headers });
      expect({ headers, status: response.status }).toEqual({ headers, status: 400 });
      expect(response.body).toMatch(/^The X-Forwarded-(Host|Proto) header /);
    }
    const passed: Record<string, string>[] = [{ 'x-forwarded-host': 'console.example:8443' }, { 'x-forwarded-host': 'console.example, proxy.internal' }, { 'x-forwarded-proto': 'https' }];
    for (const headers of passed) {
      expect((await rawRequest(proxied.url, { method: 'GET', path: '/feed', headers })).status).toBe(200);
    }
  });

  it('reads the forwarded host as URL parsing does, with the forwarded scheme’s default port, so a same-origin form post is not a 500', async () => {
    const post = await rawRequest(proxied.url, {
      method: 'POST', path: '/report', body: 'x=1',
      headers: { 'x-forwarded-host': 'Console.Example:443', 'x-forwarded-proto': 'https', origin: 'https://console.example', 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.status).toBe(405);
  });
});

it('answers a static path with broken percent-encoding with 400 and no stack trace', async () => {
  for (const path of ['/%zz', '/build/%E0%A4%A', '/favicon.svg%']) {
    const response = await rawRequest(server.url, { method: 'GET', path });
    expect({ path, status: response.status }).toEqual({ path, status: expect.any(Number) });
    expect(response.status).toBeLessThan(500);
    expect({ path, stack: STACK.test(response.body) }).toEqual({ path, stack: false });
  }
});

it('decides refusals from the request alone and never throws', () => {
  const direct = { trustForwardedHeaders: false };
  const proxied = { trustForwardedHeaders: true };
  expect(edgeRefusal({ method: 'GET', headers: { host: 'localhost:3000' } }, direct)).toBeNull();
  expect(edgeRefusal({ method: 'OPTIONS', headers: {} }, direct)).toBeNull();
  expect(edgeRefusal({ method: 'CONNECT', headers: {} }, direct)).toMatchObject({ status: 405 });
  expect(edgeRefusal({ method: 'GET', headers: { host: '%' } }, direct)).toMatchObject({ status: 400 });
  expect(edgeRefusal({ method: 'GET', headers: { 'x-forwarded-proto': 'gopher' } }, direct)).toBeNull();
  expect(edgeRefusal({ method: 'GET', headers: { 'x-forwarded-proto': 'https, gopher' } }, proxied)).toMatchObject({ status: 400 });
});
