/**
 * What the server process hands every loader, action and tRPC call: the database, the Temporal
 * client and the media store. Created once by the process (scripts/start.ts or a test), never by a route.
 */
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { MediaStore } from '../db/media-store';
import type { Database } from '../db/schema';

export interface AppContext {
  db: Kysely<Database>;
  temporal: Client;
  media: MediaStore;
  taskQueuePrefix: string;
  /** Secure cookies in production (HTTPS); plain HTTP on a laptop. */
  secureCookies: boolean;
  temporalUiUrl: string | null;
  /**
   * Issue 11: seconds a cameo owner has to answer an approval request (LOUPE_CAMEO_APPROVAL_EXPIRY_HOURS),
   * passed to every clip pipeline the app starts; absent: the workflow's default (72 hours).
   */
  cameoApprovalExpirySeconds?: number;
  /**
   * Issue 12: seconds a deleted cameo's face embeddings are kept (LOUPE_BIOMETRIC_RETENTION_DAYS),
   * passed to every biometric deletion the app starts; absent: the workflow's default (30 days).
   */
  biometricRetentionSeconds?: number;
  /**
   * Issue 13: the copyright dispute deadlines in seconds (LOUPE_COPYRIGHT_CLAIMANT_DAYS,
   * LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS, LOUPE_COPYRIGHT_APPEAL_DAYS), passed to every dispute the app
   * starts; absent: policies/copyright/disputes.ts DEFAULT_COPYRIGHT_DISPUTE_TIMERS (30, 14 and 7 days).
   */
  copyrightDisputeTimers?: import('../policies/copyright/disputes').CopyrightDisputeTimers;
  /**
   * Issue 15: the `whsec_` secret the video provider signs its webhooks with
   * (LOUPE_OPENAI_VIDEOS_WEBHOOK_SECRET); absent or null: `/api/webhooks/videos` refuses them all.
   */
  videosWebhookSecret?: string | null;
}

declare module '@remix-run/server-runtime' {
  interface AppLoadContext extends AppContext {
    /**
     * The client's address as the HTTP server decided it (the TCP peer, or what a proxy declared in
     * LOUPE_TRUSTED_PROXIES says), for per-client rate limits; absent or null when unknown.
     */
    clientAddress?: string | null;
    /**
     * `http://<address>:<port>` where this server was reached, from the connection's socket (never from
     * a header a client could write), so the server can call its own app API (the demo creator app).
     */
    serverOrigin?: string | null;
  }
}
