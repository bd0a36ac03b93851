/**
 * OpenAI's moderation endpoint as an optional second opinion on prompts.
 *
 * Contract (https://platform.openai.com/docs/api-reference/moderations/create):
 *   POST {OPENAI_BASE_URL}/moderations   Authorization: Bearer <key>
 *   { "model": "omni-moderation-latest", "input": "<text>" }
 *   → 200 { id, model, results: [{ flagged, categories: {name: bool}, category_scores: {name: number},
 *           category_applied_input_types: {name: ["text", ...]} }] }
 *   errors: 4xx/5xx with { error: { message, type, code } }; 429 when rate limited.
 *
 * `classify` never throws: every failure (HTTP error, timeout, malformed answer) becomes an
 * `unavailable` outcome with a sentence saying why, and the screening activity then lets the
 * rules decide alone and records that it did.
 */
import { z } from 'zod';
import type { ExternalOutcome } from '../../policies';

export const OPENAI_MODERATION_MODEL = 'omni-moderation-latest';
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface ExternalModerationClient {
  readonly provider: string;
  classify(text: string): Promise<ExternalOutcome>;
}

const responseSchema = z.object({
  model: z.string(),
  results: z
    .array(
      z.object({
        flagged: z.boolean(),
        categories: z.record(z.string(), z.boolean().nullable()),
        category_scores: z.record(z.string(), z.number()),
      }),
    )
    .min(1),
});

const errorSchema = z.object({ error: z.object({ message: z.string() }) });

export function openAiModeration(options: {
  apiKey: string;
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): ExternalModerationClient {
  const provider = 'openai';
  const url = `${(options.baseUrl ?? DEFAULT_OPENAI_BASE_URL).replace(/\/+$/, '')}/moderations`;
  const model = options.model ?? OPENAI_MODERATION_MODEL;
  const timeoutMs = options.timeoutMs ?? 5000;
  const doFetch = options.fetch ?? fetch;
  const unavailable = (error: string): ExternalOutcome => ({ status: 'unavailable', provider, error });

  return {
    provider,
    async classify(text) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
          body: JSON.stringify({ model, input: text }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'TimeoutError' || name === 'AbortError') return unavailable(`no answer within ${timeoutMs} ms`);
        return unavailable(`could not connect: ${(error as Error).message}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = null;
      }
      if (!response.ok) {
        const parsedError = errorSchema.safeParse(body);
        const detail = parsedError.success ? `: ${parsedError.data.error.message}` : '';
        if (response.status === 429) return unavailable(`rate limited (HTTP 429)${detail}`);
        return unavailable(`HTTP ${response.status}${detail}`);
      }
      const parsed = responseSchema.safeParse(body);
      if (!parsed.success) return unavailable('the answer did not have the documented shape (results[0].flagged, categories, category_scores)');
      const result = parsed.data.results[0]!;
      return {
        status: 'ok',
        classification: {
          provider,
          model: parsed.data.model,
          flagged: result.flagged,
          categories: Object.fromEntries(Object.entries(result.categories).map(([k, v]) => [k, v === true])),
          scores: result.category_scores,
        },
      };
    },
  };
}
