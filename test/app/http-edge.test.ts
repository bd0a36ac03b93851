/**
 * The HTTP edge (app/services/http-edge.server.ts): requests the Remix adapter cannot turn into a
 * Fetch Request are refused with a sentence before any route: TRACE and other methods no route
 * serves with 405 (Node's own parser already answers 400 to methods it does not know, such as
 * TRACK), and a Host that is no host or a forwarded protocol that is no protocol with 400. An error
 * outside every route (a static path with broken percent-encoding) is answered without a stack trace.
 */
import { edgeRefusal } from '../../app/services/http-edge.server';
import { closeRawConnections, rawRequest } from '../support/raw-http';
import { useConsoleHarness, type TestServer } from '../support/console-harness';

let server: TestServer;
useConsoleHarness((harness) => ({ server } = harness));
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

it('refuses a Host, X-Forwarded-Host or X-Forwarded-Proto that makes no URL with 400 and a sentence', async () => {
  const cases: Record<string, string>[] = [
    { host: '[' }, { host: 'localhost:99999' }, { host: 'a b' }, { host: 'evil.example/path' },
    { 'x-forwarded-host': '[' }, { 'x-forwarded-host': 'localhost:70000' }, { 'x-forwarded-host': 'a:b c' },
    { 'x-forwarded-proto': '!' }, { 'x-forwarded-proto': 'javascript' },
  ];
  for (const headers of cases) {
    const response = await rawRequest(server.url, { method: 'GET', path: '/feed', headers });
    expect({ headers, status: response.status }).toEqual({ headers, status: 400 });
    expect(response.body).toMatch(/^The (Host|X-Forwarded-Host|X-Forwarded-Proto) header /);
  }
  // Well-formed ones pass.
  for (const headers of [{ 'x-forwarded-host': 'console.example:8443' }, { 'x-forwarded-proto': 'https' }, { host: '[::1]:3000' }]) {
    expect((await rawRequest(server.url, { method: 'GET', path: '/feed', headers })).status).toBe(200);
  }
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
  expect(edgeRefusal({ method: 'GET', headers: { host: 'localhost:3000' } })).toBeNull();
  expect(edgeRefusal({ method: 'OPTIONS', headers: {} })).toBeNull();
  expect(edgeRefusal({ method: 'CONNECT', headers: {} })).toMatchObject({ status: 405 });
  expect(edgeRefusal({ method: 'GET', headers: { host: '%' } })).toMatchObject({ status: 400 });
  expect(edgeRefusal({ method: 'GET', headers: { 'x-forwarded-proto': ['https', 'gopher'] as unknown as string } })).toMatchObject({ status: 400 });
});
