/**
 * The OpenAI moderation client against a local server that implements the documented contract:
 * the request it sends, the answer it reads, and every failure (429, 500, timeout, malformed)
 * turned into an "unavailable" outcome with a reason, never an exception or a silent allow.
 */
import { openAiModeration } from '../../activities/external-moderation';
import { ConfigError, loadConfig } from '../../config/env';
import { startFakeModerationServer, type FakeModerationServer } from '../support/openai-moderation-server';

let server: FakeModerationServer;
beforeAll(async () => {
  server = await startFakeModerationServer('sk-test-local');
});
afterAll(async () => server.close());

const client = (timeoutMs = 2000) => openAiModeration({ apiKey: 'sk-test-local', baseUrl: server.baseUrl, timeoutMs });

it('sends the documented request and reads flagged, categories and category_scores', async () => {
  server.behave({ kind: 'scores', scores: { 'violence/graphic': 0.97, violence: 0.8 } });
  const outcome = await client().classify('a prompt to classify');
  const request = server.requests.at(-1)!;
  expect(request).toMatchObject({ path: '/v1/moderations', authorization: 'Bearer sk-test-local', body: { model: 'omni-moderation-latest', input: 'a prompt to classify' } });
  expect(outcome).toMatchObject({
    status: 'ok',
    classification: { provider: 'openai', model: 'omni-moderation-2024-09-26', flagged: true, categories: { 'violence/graphic': true, sexual: false } },
  });
  if (outcome.status === 'ok') expect(outcome.classification.scores['violence/graphic']).toBe(0.97);
});

it.each([
  [{ kind: 'status', status: 429, message: 'Rate limit reached for requests' } as const, /rate limited \(HTTP 429\): Rate limit reached/],
  [{ kind: 'status', status: 500, message: 'The server had an error while processing your request.' } as const, /HTTP 500: The server had an error/],
  [{ kind: 'malformed' } as const, /did not have the documented shape/],
])('turns %o into an unavailable outcome with the reason', async (behaviour, reason) => {
  server.behave(behaviour);
  const outcome = await client().classify('hello');
  expect(outcome).toMatchObject({ status: 'unavailable', provider: 'openai' });
  if (outcome.status === 'unavailable') expect(outcome.error).toMatch(reason);
});

it('gives up after its timeout', async () => {
  server.behave({ kind: 'hang' });
  const started = Date.now();
  const outcome = await client(300).classify('hello');
  expect(outcome).toEqual({ status: 'unavailable', provider: 'openai', error: 'no answer within 300 ms' });
  expect(Date.now() - started).toBeLessThan(5000);
});

it('reports a wrong key and an unreachable server as unavailable', async () => {
  server.behave({ kind: 'scores', scores: {} });
  const wrongKey = await openAiModeration({ apiKey: 'sk-wrong', baseUrl: server.baseUrl }).classify('hello');
  expect(wrongKey).toMatchObject({ status: 'unavailable', error: 'HTTP 401: Incorrect API key provided.' });
  const closed = await openAiModeration({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 1000 }).classify('hello');
  expect(closed.status).toBe('unavailable');
});

it('is switched on by configuration, which refuses openai without a key', () => {
  expect(loadConfig({}).LOUPE_EXTERNAL_MODERATION).toBe('none');
  expect(() => loadConfig({ LOUPE_EXTERNAL_MODERATION: 'openai' })).toThrow(ConfigError);
  expect(() => loadConfig({ LOUPE_EXTERNAL_MODERATION: 'openai' })).toThrow(/OPENAI_API_KEY is not valid/);
  expect(() => loadConfig({ LOUPE_EXTERNAL_MODERATION: 'perspective' })).toThrow(/LOUPE_EXTERNAL_MODERATION is not valid/);
  const config = loadConfig({ LOUPE_EXTERNAL_MODERATION: 'openai', OPENAI_API_KEY: 'sk-x', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' });
  expect(config).toMatchObject({ LOUPE_EXTERNAL_MODERATION: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', LOUPE_EXTERNAL_MODERATION_TIMEOUT_MS: 5000 });
});
