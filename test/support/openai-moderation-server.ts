/**
 * A local stand-in for OpenAI's moderation endpoint, implementing the documented contract
 * (POST /v1/moderations with a Bearer key and { model, input } → { id, model, results: [...] },
 * errors as { error: { message, type, code } }). Tests choose how it answers; nothing reaches the internet.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const OMNI_CATEGORIES = [
  'harassment', 'harassment/threatening', 'hate', 'hate/threatening', 'illicit', 'illicit/violent', 'self-harm',
  'self-harm/intent', 'self-harm/instructions', 'sexual', 'sexual/minors', 'violence', 'violence/graphic',
] as const;

export type ModerationBehaviour =
  | { kind: 'scores'; scores: Partial<Record<(typeof OMNI_CATEGORIES)[number], number>> }
  | { kind: 'status'; status: number; message: string }
  | { kind: 'hang' }
  | { kind: 'malformed' };

export interface FakeModerationServer {
  baseUrl: string;
  requests: { authorization: string | undefined; body: unknown; path: string }[];
  behave(next: ModerationBehaviour): void;
  close(): Promise<void>;
}

/** Scores at or over 0.5 count as flagged in this stand-in (OpenAI tunes its own thresholds). */
export function moderationResponse(scores: Partial<Record<string, number>>) {
  const categoryScores = Object.fromEntries(OMNI_CATEGORIES.map((c) => [c, scores[c] ?? 0.0001]));
  const categories = Object.fromEntries(OMNI_CATEGORIES.map((c) => [c, (scores[c] ?? 0) >= 0.5]));
  const applied = Object.fromEntries(OMNI_CATEGORIES.map((c) => [c, ['text']]));
  return {
    id: 'modr-test',
    model: 'omni-moderation-2024-09-26',
    results: [
      { flagged: Object.values(categories).some(Boolean), categories, category_scores: categoryScores, category_applied_input_types: applied },
    ],
  };
}

export async function startFakeModerationServer(apiKey = 'sk-test-local'): Promise<FakeModerationServer> {
  let behaviour: ModerationBehaviour = { kind: 'scores', scores: {} };
  const requests: FakeModerationServer['requests'] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      requests.push({ authorization: req.headers.authorization, body, path: req.url ?? '' });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || req.url !== '/v1/moderations') return send(404, { error: { message: `Unknown route ${req.method} ${req.url}`, type: 'invalid_request_error', code: null } });
      if (req.headers.authorization !== `Bearer ${apiKey}`) return send(401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      const input = (body as { input?: unknown } | null)?.input;
      if (typeof input !== 'string' && !Array.isArray(input)) return send(400, { error: { message: "'input' is a required property", type: 'invalid_request_error', code: null } });
      switch (behaviour.kind) {
        case 'scores':
          return send(200, moderationResponse(behaviour.scores));
        case 'status':
          return send(behaviour.status, { error: { message: behaviour.message, type: behaviour.status === 429 ? 'requests' : 'server_error', code: behaviour.status === 429 ? 'rate_limit_exceeded' : null } });
        case 'hang':
          hanging.add(res);
          return undefined;
        case 'malformed':
          return send(200, { id: 'modr-test', results: 'nope' });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    behave(next) {
      behaviour = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
