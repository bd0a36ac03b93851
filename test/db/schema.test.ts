/**
 * The hand-written Database interface must match what the migrations create.
 * Compile time: `Columns<Table>` forces this file to list exactly the interface's columns, each with
 * the nullability its TypeScript type has (tsc runs as part of `npm test`).
 * Run time: the same list must equal the migrated database's tables, columns and nullability.
 */
import type { Selectable } from 'kysely';
import { NOTIFICATION_KINDS, REVIEW_KINDS, type Database } from '../../db/schema';
import { connectOwnerDb, connectTestContext, type TestContext } from '../support/fixtures';

/** For every column: true when its selected TypeScript type admits null. */
type Columns<Table> = { [Column in keyof Selectable<Table>]-?: null extends Selectable<Table>[Column] ? true : false };

const expected: { [Table in keyof Database]: Columns<Database[Table]> } = {
  copyright_rescans: {
    id: false, trigger_kind: false, claim_id: true, bank_id: true, bank_ids: false, state: false, total: false, scanned: false, matched: false,
    taken_down: false, queued: false, held: false, cursor_published_at: true, cursor_video_id: true, batch_size: false, started_by: true,
    started_at: false, updated_at: false, paused_at: true, paused_seconds: false, finished_at: true, last_error: true,
  },
  copyright_rescan_videos: { rescan_id: false, video_id: false, outcome: false, match_id: true, reasons: false, created_at: false },
  provider_video_jobs: {
    request_id: false, provider: false, model: false, idempotency_key: false, provider_job_id: true, status: false, progress: false, seconds: false,
    size: false, remix_of_provider_job_id: true, error_code: true, error_message: true, cost_usd: true, thumbnail_key: true, created_at: false,
    updated_at: false, completed_at: true,
  },
  provider_webhook_deliveries: { webhook_id: false, provider_job_id: false, event_type: false, received_at: false },
  copyright_disputes: {
    id: false, match_id: false, match_action: false, video_id: true, request_id: false, creator_id: false, entity_id: true, claim_id: true,
    claimant_email: true, statement: false, state: false, outcome: true, outcome_reason: true, claimant_deadline: true, claimant_answer: true,
    claimant_answered_at: true, appeal_deadline: true, appeal_statement: true, appeal_answer_deadline: true, appeal_answer: true,
    answer_token_hash: false, decided_by: true, reinstated: false, created_at: false, updated_at: false, closed_at: true,
  },
  copyright_dispute_messages: { id: false, dispute_id: false, recipient_email: false, subject: false, body: false, dedupe_key: false, created_at: false, sent_at: true },
  staff: { id: false, email: false, display_name: false, role: false, password_hash: false, disabled_at: true, created_at: false },
  staff_sessions: { token_hash: false, staff_id: false, created_at: false, expires_at: false, revoked_at: true },
  creators: { id: false, handle: false, display_name: false, age_band: false, created_at: false, reports_muted_at: true },
  cameos: {
    id: false, owner_id: false, display_name: false, access_level: false, revoked_at: true, created_at: false,
    kind: false, description: true, restrictions: false, restrictions_note: true, deleted_at: true, ledger_version: false,
    face_verified_at: true, face_enrolment_id: true,
  },
  cameo_ledger_events: { cameo_id: false, version: false, kind: false, payload: false, actor_id: true, created_at: false },
  cameo_blocks: { cameo_id: false, blocked_id: false, created_at: false },
  creator_follows: { follower_id: false, followee_id: false, created_at: false },
  cameo_approval_requests: {
    id: false, request_id: false, cameo_id: false, requester_id: false, owner_id: false, state: false, expires_at: false,
    answered_at: true, also_granted: false, note: true, created_at: false,
  },
  cameo_grants: { cameo_id: false, grantee_id: false, created_at: false },
  likeness_takedowns: {
    id: false, trigger: false, cameo_id: false, subject_creator_id: true, video_id: true, ledger_version: true, requested_by_kind: false,
    requested_by_id: false, reason: false, state: false, found: false, taken_down: false, already_down: false, failed: false,
    started_at: false, finished_at: true,
  },
  likeness_takedown_items: { takedown_id: false, video_id: false, outcome: false, done_at: false },
  generation_requests: {
    id: false, creator_id: false, prompt: false, prompt_sha256: false, duration_seconds: false, width: false, height: false,
    seed: false, remix_of_video_id: true, status: false, status_reason: true, created_at: false, updated_at: false,
  },
  request_cameos: { request_id: false, cameo_id: false, inherited: false },
  prompt_screenings: {
    request_id: false, verdict: false, categories: false, matches: false, reasons: false, policy_version: false, screened_at: false,
    external: true, semantic: true,
  },
  public_figures: {
    id: false, name: false, aliases: false, living: false, opted_in: false, cameo_id: true, estate_opted_out: false, note: true,
    created_at: false, updated_at: false,
    external_id: true, role: true, born_on: true, died_on: true, source: false, source_date: true,
  },
  copyright_optout_requests: {
    id: false, name: false, aliases: false, owner: false, kind: false, contact: false, evidence: true, state: false,
    submitted_by: true, decided_by: true, decided_at: true, decision_note: true, created_at: false,
  },
  copyrighted_works: { id: false, name: false, aliases: false, owner: false, kind: false, optout_request_id: true, created_at: false },
  copyright_entities: {
    id: false, name: false, kind: false, aliases: false, owner: true, territories: false, rule: true, conditions: true, public_domain: false,
    source: false, licence: false, source_date: true, demo: false, enforcement: false, ambiguous: false, context_terms: false, claim_id: true,
    created_at: false, updated_at: false,
  },
  policy_rule_sets: { hash: false, rule_set: false, changes: false, created_at: false },
  policy_drafts: {
    id: false, title: false, note: true, changes: false, rule_set_hash: false, state: false, created_by: false, created_at: false,
    updated_by: false, updated_at: false, shadow_since: true,
  },
  policy_promotions: { id: false, draft_id: true, rule_set_hash: false, changes: false, promoted_by: false, promoted_at: false, note: true },
  policy_versions: { version: false, rule_set_hash: false, registries: false, draft_id: true, first_role: false, first_seen_at: false },
  policy_shadow_screenings: {
    draft_id: false, request_id: false, policy_version: false, verdict: false, categories: false, matches: false, reasons: false,
    live_verdict: false, live_policy_version: false, screened_at: false, semantic: true,
  },
  policy_backtests: {
    id: false, draft_id: false, draft_version: false, live_version: false, sample_size: false, changed_count: false,
    transitions: false, changed: false, run_by: false, run_at: false,
  },
  consent_checks: {
    request_id: false, cameo_id: false, allowed: false, reason: false, checked_at: false, consent_version: true, outcome: false,
  },
  videos: {
    id: false, request_id: false, creator_id: false, storage_key: false, sha256: false, byte_size: false, duration_seconds: false,
    width: false, height: false, generator: false, remix_of_video_id: true, manifest: true, validation_state: true,
    validation_codes: false, moderation: true, status: false, published_at: true, created_at: false,
    removed_reason: true, removed_at: true, remix_allowed: false, remix_setting_changed_at: true,
  },
  review_queues: {
    id: false, name: false, sla_seconds: false, escalation_queue_id: true, allowed_roles: false,
    priority_order: false, position: false, placeholder: false, description: false,
  },
  review_items: {
    id: false, request_id: true, kind: false, queue_id: false, state: false, version: false, flag_reasons: false, due_at: false,
    escalated_at: true, decision_reason: true, decision_note: true, decided_by: true, decided_at: true, created_at: false,
    priority: false, creator_note: true, policy_category: true, escalated_by: true, escalation_reason: true,
    copyright_claim_id: true,
  },
  copyright_claims: {
    id: false, claimant_name: false, claimant_organisation: true, contact_email: false, creator_id: true, statement: false, state: false,
    conflict_report: false, status_token_hash: false, decided_by: true, decision_reason: true, decided_at: true, outcome: true,
    created_at: false, updated_at: false,
  },
  copyright_claim_entities: {
    claim_id: false, position: false, name: false, normalised_name: false, kind: false, aliases: false, territories: false,
    requested_rule: false, conditions: true, approved_rule: true, left_out: false, entity_id: true,
  },
  copyright_claim_files: {
    claim_id: false, position: false, role: false, entity_position: true, storage_key: false, sha256: false, mime_type: false,
    byte_size: false, filename: false,
  },
  review_leases: { item_id: false, staff_id: false, claimed_at: false, expires_at: false, held: false, handed_over_by: true },
  creator_strikes: { id: false, creator_id: false, request_id: true, reason: false, dedupe_key: false, created_at: false },
  appeals: {
    id: false, request_id: false, creator_id: false, statement: false, status: false, outcome_reason: true, created_at: false, decided_at: true,
  },
  video_reports: { id: false, video_id: false, reporter_id: false, reason: false, details: true, status: false, dedupe_key: false, created_at: false },
  staff_preferences: { staff_id: false, blur_px: true, greyscale: true, muted: true, updated_at: false },
  staff_invites: { token_hash: false, email: false, role: false, invited_by: false, expires_at: false, used_at: true, created_at: false },
  login_attempts: { id: false, email: false, ip: false, succeeded: false, at: false },
  request_keyframes: { request_id: false, position: false, at_seconds: false, storage_key: false },
  source_images: { sha256: false, storage_key: false, mime_type: false, width: false, height: false, byte_size: false, created_at: false },
  request_source_images: { request_id: false, source_image_sha256: false, original_sha256: true, created_at: false },
  app_clients: {
    id: false, name: false, key_prefix: false, key_hash: false, previous_key_hash: true, previous_key_expires_at: true,
    rate_limit_per_minute: false, created_by: true, created_at: false, rotated_at: true, disabled_at: true,
  },
  clip_classifier_scores: {
    request_id: false, frame_position: false, at_seconds: false, model: false,
    porn: false, hentai: false, sexy: false, neutral: false, drawing: false, classified_at: false,
  },
  clip_audio_checks: {
    request_id: false, has_audio: false, integrated_lufs: true, loudness_range_lu: true, true_peak_dbtp: true, duration_seconds: false,
    silences: false, clipped_samples: false, total_samples: false, policy_version: false, verdict: false, findings: false, transcript: false,
    checked_at: false,
  },
  rate_limits: { key: false, points: false, expire: true },
  likeness_complaints: {
    id: false, relationship: false, complainant_name: false, complainant_email: false, creator_id: true, person_name: false,
    person_aliases: false, person_living: false, video_ids: false, anchor_request_id: false, evidence_text: false, evidence_files: false,
    match_report: true, status_token_hash: false, state: false, decision_reason: true, decided_by: true, registry_entry_id: true,
    taken_down: false, created_at: false, decided_at: true,
    face_taken_down: false, face_references: true,
  },
  protected_person_reference_images: {
    id: false, person_id: false, storage_key: false, sha256: false, mime_type: false, width: false, height: false, uploaded_by: false,
    uploaded_at: false, state: false, failure_message: true, faces_found: true, enrolled_at: true, deleted_at: true,
  },
  face_embeddings: {
    id: false, subject_kind: false, subject_id: false, source: false, source_id: true, ciphertext: false, key_id: false, model_label: false,
    created_at: false,
  },
  face_enrolment_challenges: { id: false, cameo_id: false, creator_id: false, kind: false, issued_at: false, expires_at: false, used_at: true },
  face_enrolments: {
    id: false, cameo_id: false, creator_id: false, challenge_id: false, state: false, failure_code: true, failure_message: true,
    frames_analysed: false, progress: false, model_label: true, capture_storage_key: true, created_at: false, finished_at: true,
  },
  biometric_deletions: {
    subject_kind: false, subject_id: false, requested_at: false, due_at: false, deleted_at: true, rows_deleted: true, files_deleted: true,
  },
  face_check_results: {
    id: false, request_id: false, stage: false, frame_position: true, face_index: false, box: false, photorealistic: false, outcome: false,
    matched_subject_kind: true, matched_subject_id: true, matched_name: true, distance: true, threshold: false, model_label: false,
    created_at: false,
  },
  hash_banks: {
    id: false, name: false, kind: false, owner: false, entity_id: true, claim_id: true, rule: true, cutoff: false, enabled: false, source: false,
    note: true, created_by: true, created_at: false, updated_at: false,
  },
  bank_hashes: {
    id: false, bank_id: false, hash: false, quality: true, media_sha256: true, frame_index: true, region: true, note: true, state: false,
    state_changed_at: false, created_at: false,
  },
  copyright_matches: {
    id: false, bank_id: false, bank_hash_id: false, entity_id: true, request_id: true, video_id: true, frame_index: true, region: true,
    distance: false, action: false, source: false, rescan_id: true, note: true, created_at: false, updated_at: false,
  },
  bank_flood_alerts: {
    id: false, bank_id: false, bank_hash_id: false, recent_matches: false, window_seconds: false, baseline_matches: false, baseline_seconds: false,
    state: false, raised_at: false, decided_by: true, decided_at: true, decision_note: true,
  },
  notification_kinds: { kind: false, description: true },
  review_item_kinds: { kind: false, description: true },
  notifications: { id: false, recipient_id: false, kind: false, request_id: true, body: false, dedupe_key: false, read_at: true, created_at: false },
  audit_log: {
    id: false, at: false, actor_staff_id: true, actor_label: false, action: false, subject_type: false, subject_id: false,
    before: true, after: true, prev_hash: false, hash: false,
  },
  app_meta: { key: false, value: false, updated_at: false },
  video_fingerprints: { id: false, video_id: false, frame_index: false, region: false, hash: false, quality: false, created_at: false },
  provenance_signals: {
    video_id: false, manifest_present: false, signature_valid: true, signer_trusted: true, validation_state: true, validation_codes: false,
    signer_common_name: true, watermark_burned_in: false, watermark_label: true, watermark_declared: true, fingerprint_registered: false,
    fingerprint_frames: false, file_present: false, last_error: true, last_verified_at: false, created_at: false,
  },
  provenance_audit_runs: {
    run_id: false, started_at: false, finished_at: true, total: false, verified: false, failing: false, alerts_raised: false,
    cursor_video_id: true, updated_at: false,
  },
};

let ctx: TestContext;
beforeAll(async () => {
  ctx = await connectTestContext();
});
afterAll(async () => ctx.close());

it('matches the migrated database: same tables, columns and nullability', async () => {
  const tables = await ctx.db.introspection.getTables();
  const actual = Object.fromEntries(
    tables.map((table) => [table.name, Object.fromEntries(table.columns.map((column) => [column.name, column.isNullable]))]),
  );
  expect(actual).toEqual(expected);
});

it('declares the same notification and review item kinds in TypeScript as in the database', async () => {
  const notificationKinds = (await ctx.db.selectFrom('notification_kinds').select('kind').execute()).map((row) => row.kind);
  const reviewKinds = (await ctx.db.selectFrom('review_item_kinds').select('kind').execute()).map((row) => row.kind);
  expect([...notificationKinds].sort()).toEqual([...NOTIFICATION_KINDS].sort());
  expect([...reviewKinds].sort()).toEqual([...REVIEW_KINDS].sort());
});

it('refuses a notification kind nobody declared', async () => {
  const creator = await ctx.db.selectFrom('creators').select('id').executeTakeFirst();
  const recipient = creator?.id ?? (await ctx.db.insertInto('creators').values({ handle: `kind-test-${Date.now()}`, display_name: 'Kind test' }).returning('id').executeTakeFirstOrThrow()).id;
  await expect(
    ctx.db.insertInto('notifications').values({ recipient_id: recipient, kind: 'not_a_kind' as never, body: 'x', dedupe_key: `kind-test-${Date.now()}` }).execute(),
  ).rejects.toThrow(/notifications_kind_fkey/);
});

it('refuses to change or delete audit log rows, at the database level, even for the owner', async () => {
  // The app's own role is refused by privileges first (test/db/audit-role.test.ts); the trigger also
  // stops the owner, as long as nobody switches it off.
  await ctx.db.insertInto('audit_log').values({ actor_staff_id: null, actor_label: 'test', action: 'test.append', subject_type: 'test', subject_id: '1' }).execute();
  const owner = connectOwnerDb();
  try {
    await expect(owner.updateTable('audit_log').set({ action: 'tampered' }).execute()).rejects.toThrow(/append-only/);
    await expect(owner.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  } finally {
    await owner.destroy();
  }
});
