/** The external classifier chosen by configuration (LOUPE_EXTERNAL_MODERATION), or none. */
import { openAiModeration, type ExternalModerationClient } from './openai';

export type { ExternalModerationClient } from './openai';
export { openAiModeration, OPENAI_MODERATION_MODEL } from './openai';

export function externalModerationFromConfig(config: {
  LOUPE_EXTERNAL_MODERATION: 'none' | 'openai';
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  LOUPE_EXTERNAL_MODERATION_TIMEOUT_MS: number;
}): ExternalModerationClient | undefined {
  if (config.LOUPE_EXTERNAL_MODERATION !== 'openai') return undefined;
  // config/env.ts refuses `openai` without a key; this guard only keeps the types honest.
  if (!config.OPENAI_API_KEY) throw new Error('LOUPE_EXTERNAL_MODERATION=openai needs OPENAI_API_KEY.');
  return openAiModeration({ apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL, timeoutMs: config.LOUPE_EXTERNAL_MODERATION_TIMEOUT_MS });
}
