/**
 * The console's AppContext from the validated configuration: what `npm start` (scripts/start.ts)
 * and a console-only process (scripts/console.ts) hand every loader, action and tRPC call, built in
 * one place so a variable such as LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS means the same in both.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app/context';
import type { LoupeConfig } from '../../config/env';
import type { MediaStore } from '../../db/media-store';
import type { Database } from '../../db/schema';

/**
 * `parts` are the process's own connections and media store; the rest comes from `config`:
 * LOUPE_TASK_QUEUE_PREFIX, NODE_ENV (secure cookies in production), the cameo approval expiry
 * (hours to seconds), the biometric retention (days to seconds) and the copyright dispute deadlines
 * (days to seconds).
 */
export function consoleContextFromConfig(
  config: LoupeConfig,
  parts: { db: Kysely<Database>; temporal: Client; media: MediaStore; temporalUiUrl: string | null },
): AppContext {
  return {
    ...parts,
    taskQueuePrefix: config.LOUPE_TASK_QUEUE_PREFIX,
    secureCookies: config.NODE_ENV === 'production',
    cameoApprovalExpirySeconds: Math.round(config.LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS * 3600),
    biometricRetentionSeconds: config.LOUPE_BIOMETRIC_RETENTION_DAYS * 24 * 3600,
    videosWebhookSecret: config.LOUPE_OPENAI_VIDEOS_WEBHOOK_SECRET ?? null,
    copyrightDisputeTimers: {
      claimantAnswerSeconds: Math.round(config.LOUPE_COPYRIGHT_CLAIMANT_DAYS * 86_400),
      appealWindowSeconds: Math.round(config.LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS * 86_400),
      appealAnswerSeconds: Math.round(config.LOUPE_COPYRIGHT_APPEAL_DAYS * 86_400),
    },
  };
}
