/**
 * The hand-written Kysely view of the schema that db/migrations creates.
 * test/db/schema.test.ts compares it with the migrated database, so the two cannot drift apart.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** A column the database fills in by itself on insert (a default), never written afterwards by code. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** pg returns BIGINT as a string, so numbers that may exceed 2^53 stay strings in TypeScript. */
type BigIntColumn = ColumnType<string, number | string | bigint, number | string | bigint>;

import type { PolicyDraftState } from '../policies/prompt/draft-lifecycle';
import type { StaffRole } from '../policies/staff-access';
import type { FaceCheckOutcome, FaceCheckStage } from '../policies/faces/checks';
import type { SemanticOutcome } from '../policies/prompt/semantic/types';
import type { AudioFinding, StoredTranscript } from '../policies/audio';

export { STAFF_ROLES, type StaffRole } from '../policies/staff-access';

export const REQUEST_STATUSES = [
  'screening', 'prompt_review', 'consent_check', 'generating', 'moderating', 'signing',
  'clip_review', 'published', 'blocked', 'rejected', 'failed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Migration 011 adds 'mutuals'; the word list lives with the consent policy (policies/consent). */
export type CameoAccessLevel = 'only_me' | 'approved' | 'mutuals' | 'everyone';
/** Every review item kind; the rows of review_item_kinds (migration 010) hold the same list. */
export const REVIEW_KINDS = ['prompt', 'clip', 'appeal', 'report', 'provenance', 'likeness_complaint', 'copyright_claim', 'copyright_dispute', 'copyright_match'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export type ReviewItemState = 'open' | 'approved' | 'rejected' | 'cancelled';
export type VideoStatus = 'draft' | 'published' | 'removed';
/**
 * Every notification kind; the rows of notification_kinds (migration 010 and the migrations that add
 * kinds) hold the same list, and test/db/schema.test.ts compares the two. Add a kind here and INSERT
 * it in the migration of the feature that sends it.
 */
export const NOTIFICATION_KINDS = [
  'cameo_used', 'cameo_blocked', 'request_blocked', 'request_rejected', 'video_published', 'cameo_published',
  'review_note', 'appeal_received', 'appeal_upheld', 'appeal_overturned', 'video_removed',
  'approval_requested', 'approval_answered', 'approval_expired',
  'video_taken_down_consent',
  'likeness_complaint_received', 'likeness_complaint_upheld', 'likeness_complaint_rejected',
  'cameo_verified', 'cameo_verification_failed',
  'copyright_claim_received', 'copyright_claim_approved', 'copyright_claim_rejected',
  'copyright_dispute_received', 'copyright_dispute_claim_upheld', 'copyright_dispute_escalated', 'copyright_dispute_released', 'copyright_dispute_upheld',
  'video_reinstated',
  'video_taken_down_copyright', 'video_under_copyright_review',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface StaffTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: StaffRole;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface StaffSessionsTable {
  token_hash: string;
  staff_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CreatorsTable {
  id: Generated<string>;
  handle: string;
  display_name: string;
  age_band: Generated<'teen' | 'adult'>;
  created_at: CreatedAt;
  reports_muted_at: Timestamp | null;
}

export interface CameosTable {
  id: Generated<string>;
  owner_id: string;
  display_name: string;
  access_level: CameoAccessLevel;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
  /** Migration 011: a person's likeness or a registered character (a pet, an object). */
  kind: ColumnType<'person' | 'character', 'person' | 'character' | undefined, 'person' | 'character'>;
  description: string | null;
  /** Migration 011: the owner's structured rules, applied by policies/consent to every prompt using the cameo. */
  restrictions: ColumnType<import('../policies/consent').CameoRestriction[], string | undefined, string>;
  /** Migration 011: the owner's own words about the restrictions, shown to reviewers. */
  restrictions_note: string | null;
  deleted_at: Timestamp | null;
  /** Migration 011: the version of the last cameo_ledger_events row folded into this projection (0: no ledger yet). */
  ledger_version: ColumnType<number, number | undefined, number>;
  /** Migration 016: when a live face capture verified this (person) cameo; null = not verified. */
  face_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Migration 016: the enrolment whose embeddings are stored for this cameo. */
  face_enrolment_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Migration 011: one immutable event of a cameo's consent ledger; the cameo's state is the fold of its events. */
export interface CameoLedgerEventsTable {
  cameo_id: string;
  version: number;
  kind: import('../policies/consent').CameoLedgerEventKind;
  payload: Json<Record<string, unknown>>;
  actor_id: string | null;
  created_at: CreatedAt;
}

/** Migration 011: a person the owner blocked from a cameo (projection of the ledger). */
export interface CameoBlocksTable {
  cameo_id: string;
  blocked_id: string;
  created_at: CreatedAt;
}

/** Migration 011: creator follows creator; two follows both ways make mutuals. Written by the app. */
export interface CreatorFollowsTable {
  follower_id: string;
  followee_id: string;
  created_at: CreatedAt;
}

export type CameoApprovalState = 'pending' | 'approved' | 'denied' | 'expired';

/** Migration 011: an owner's approval asked for one cameo of one request; the request's clipPipeline waits on it. */
export interface CameoApprovalRequestsTable {
  id: Generated<string>;
  request_id: string;
  cameo_id: string;
  requester_id: string;
  owner_id: string;
  state: ColumnType<CameoApprovalState, CameoApprovalState | undefined, CameoApprovalState>;
  expires_at: Timestamp;
  answered_at: Timestamp | null;
  also_granted: ColumnType<boolean, boolean | undefined, boolean>;
  note: string | null;
  created_at: CreatedAt;
}

export interface CameoGrantsTable {
  cameo_id: string;
  grantee_id: string;
  created_at: CreatedAt;
}

export interface GenerationRequestsTable {
  id: string;
  creator_id: string;
  prompt: string;
  prompt_sha256: string;
  duration_seconds: number;
  width: number;
  height: number;
  seed: BigIntColumn;
  remix_of_video_id: string | null;
  status: RequestStatus;
  status_reason: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface RequestCameosTable {
  request_id: string;
  cameo_id: string;
  /** Migration 011: true when the cameo came from the remixed parent request, not the remix's creator. */
  inherited: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface StoredPolicyMatch {
  ruleId: string;
  category: string;
  severity: number;
  action: 'allow' | 'review' | 'block';
  start: number;
  end: number;
  term: string;
}

export interface PromptScreeningsTable {
  request_id: string;
  verdict: 'allow' | 'review' | 'block';
  categories: Json<string[]>;
  matches: Json<StoredPolicyMatch[]>;
  reasons: Json<string[]>;
  policy_version: string;
  screened_at: CreatedAt;
  /** Issue 3: the external classifier's answer (or why it could not answer); null when none is configured. */
  external: ColumnType<StoredExternalModeration | null, string | null | undefined, string | null>;
  /** Issue 14: the semantic layer's outcome (policies/prompt/semantic/types.ts); null before it existed. */
  semantic: ColumnType<SemanticOutcome | null, string | null | undefined, string | null>;
}

/** Issue 3: what an external moderation classifier said about a prompt. */
export type StoredExternalModeration =
  | { provider: string; model: string; status: 'ok'; flagged: boolean; categories: string[]; topScores: Record<string, number> }
  | { provider: string; status: 'unavailable'; error: string };

/** Issue 3: prompt-policy registries (compiled into the policy) and policy versions. */
export interface PublicFiguresTable {
  id: Generated<string>;
  name: string;
  aliases: ColumnType<string[], string | undefined, string>;
  living: boolean;
  opted_in: ColumnType<boolean, boolean | undefined, boolean>;
  cameo_id: string | null;
  estate_opted_out: ColumnType<boolean, boolean | undefined, boolean>;
  note: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Issue 11 (migration 014): a Wikidata item id ("Q22686"), unique when present. */
  external_id: string | null;
  /** Issue 11: what makes the person public ("head of state of Indonesia"). */
  role: string | null;
  /** Issue 11: dates (pg reads a `date` as a Date at local midnight; queries that compare them select `to_char(..., 'YYYY-MM-DD')`). */
  born_on: ColumnType<Date | null, string | null | undefined, string | null>;
  died_on: ColumnType<Date | null, string | null | undefined, string | null>;
  /** Issue 11: where the entry came from ("starter list 2025-06", "import <file> by <staff>", "complaint <id>", "console"). */
  source: ColumnType<string, string | undefined, string>;
  /** Issue 11: the date the source describes. */
  source_date: ColumnType<Date | null, string | null | undefined, string | null>;
}

export type CopyrightKind = 'character' | 'work' | 'brand';

export interface CopyrightOptoutRequestsTable {
  id: Generated<string>;
  name: string;
  aliases: ColumnType<string[], string | undefined, string>;
  owner: string;
  kind: CopyrightKind;
  contact: string;
  evidence: string | null;
  state: ColumnType<'pending' | 'approved' | 'denied', 'pending' | 'approved' | 'denied' | undefined, 'pending' | 'approved' | 'denied'>;
  submitted_by: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  created_at: CreatedAt;
}

export interface CopyrightedWorksTable {
  id: Generated<string>;
  name: string;
  aliases: ColumnType<string[], string | undefined, string>;
  owner: string;
  kind: CopyrightKind;
  optout_request_id: string | null;
  created_at: CreatedAt;
}

/** Issue 13: an alias of a copyright entity in a language (BCP 47 tag, 'und' when unknown). */
export interface CopyrightAlias {
  name: string;
  lang: string;
}

/** Issue 13 (migration 019): the works registry; read and written through db/queries/copyright-entities.ts. */
export interface CopyrightEntitiesTable {
  id: Generated<string>;
  name: string;
  kind: CopyrightKind;
  aliases: ColumnType<CopyrightAlias[], string | undefined, string>;
  owner: string | null;
  territories: ColumnType<string[], string | undefined, string>;
  rule: 'allow' | 'review' | 'block' | null;
  conditions: string | null;
  public_domain: ColumnType<boolean, boolean | undefined, boolean>;
  source: string;
  licence: string;
  source_date: ColumnType<Date | null, string | null | undefined, string | null>;
  demo: ColumnType<boolean, boolean | undefined, boolean>;
  enforcement: ColumnType<'shadow' | 'live', 'shadow' | 'live' | undefined, 'shadow' | 'live'>;
  ambiguous: ColumnType<boolean, boolean | undefined, boolean>;
  context_terms: ColumnType<string[], string | undefined, string>;
  claim_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PolicyRuleSetsTable {
  hash: string;
  rule_set: Json<import('../policies').RuleSet>;
  changes: Json<import('../policies').RuleSetChanges>;
  created_at: CreatedAt;
}

/** The word list lives with the draft lifecycle (policies/prompt/draft-lifecycle.ts), which decides the transitions. */
export type { PolicyDraftState };

export interface PolicyDraftsTable {
  id: Generated<string>;
  title: string;
  note: string | null;
  changes: Json<import('../policies').RuleSetChanges>;
  rule_set_hash: string;
  state: PolicyDraftState;
  created_by: string;
  created_at: CreatedAt;
  updated_by: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  shadow_since: Timestamp | null;
}

export interface PolicyPromotionsTable {
  id: Generated<string>;
  draft_id: string | null;
  rule_set_hash: string;
  changes: Json<import('../policies').RuleSetChanges>;
  promoted_by: string;
  promoted_at: CreatedAt;
  note: string | null;
}

export interface PolicyVersionsTable {
  version: string;
  rule_set_hash: string;
  registries: Json<import('../policies').PolicyRegistries>;
  draft_id: string | null;
  first_role: 'live' | 'shadow';
  first_seen_at: CreatedAt;
}

export interface PolicyShadowScreeningsTable {
  draft_id: string;
  request_id: string;
  policy_version: string;
  verdict: 'allow' | 'review' | 'block';
  categories: Json<string[]>;
  matches: Json<StoredPolicyMatch[]>;
  reasons: Json<string[]>;
  live_verdict: 'allow' | 'review' | 'block';
  live_policy_version: string;
  screened_at: CreatedAt;
  /** Issue 14: the semantic layer's outcome under the draft's exemplars; null before it existed. */
  semantic: ColumnType<SemanticOutcome | null, string | null | undefined, string | null>;
}

export interface StoredBacktestChange {
  requestId: string;
  prompt: string;
  storedVerdict: 'allow' | 'review' | 'block';
  liveVerdict: 'allow' | 'review' | 'block';
  draftVerdict: 'allow' | 'review' | 'block';
  draftCategories: string[];
  draftMatches: StoredPolicyMatch[];
  liveMatches: StoredPolicyMatch[];
  /** Issue 14: each side's semantic outcome; absent in rules-only backtests (and those from before the layer). */
  liveSemantic?: SemanticOutcome;
  draftSemantic?: SemanticOutcome;
}

export interface PolicyBacktestsTable {
  id: Generated<string>;
  draft_id: string;
  draft_version: string;
  live_version: string;
  sample_size: number;
  changed_count: number;
  transitions: Json<Record<string, number>>;
  changed: Json<StoredBacktestChange[]>;
  run_by: string;
  run_at: CreatedAt;
}

export interface ConsentChecksTable {
  request_id: string;
  cameo_id: string;
  allowed: boolean;
  reason: string;
  checked_at: CreatedAt;
  /** Migration 011: the cameo's ledger version the decision relied on; null for checks before the ledger. */
  consent_version: number | null;
  outcome: 'allowed' | 'refused' | 'pending_approval';
}

export interface StoredValidationCode {
  code: string;
  explanation?: string;
  url?: string;
  kind: 'success' | 'informational' | 'failure';
}

export interface StoredModeration {
  verdict: 'allow' | 'review';
  reasons: string[];
  checks: { name: string; passed: boolean; detail: string }[];
}

export interface VideosTable {
  id: string;
  request_id: string;
  creator_id: string;
  storage_key: string;
  sha256: string;
  byte_size: BigIntColumn;
  duration_seconds: number;
  width: number;
  height: number;
  generator: Json<{ id: string; name: string; version: string }>;
  remix_of_video_id: string | null;
  manifest: Json<unknown> | null;
  validation_state: 'Invalid' | 'Valid' | 'Trusted' | null;
  validation_codes: ColumnType<StoredValidationCode[], string | undefined, string>;
  moderation: Json<StoredModeration> | null;
  status: ColumnType<VideoStatus, VideoStatus | undefined, VideoStatus>;
  published_at: Timestamp | null;
  created_at: CreatedAt;
  removed_reason: string | null;
  removed_at: Timestamp | null;
  /** Issue 15 (migration 027): the owner's switch; false refuses remixes by anyone else (policies/remix.ts). */
  remix_allowed: Generated<boolean>;
  /** When the owner last flipped remix_allowed; null when never. */
  remix_setting_changed_at: Timestamp | null;
}

export interface ReviewQueuesTable {
  id: string;
  name: string;
  sla_seconds: number;
  escalation_queue_id: string | null;
  allowed_roles: Json<StaffRole[]>;
  priority_order: ColumnType<QueuePriorityOrder, QueuePriorityOrder | undefined, QueuePriorityOrder>;
  position: ColumnType<number, number | undefined, number>;
  placeholder: ColumnType<boolean, boolean | undefined, boolean>;
  description: ColumnType<string, string | undefined, string>;
}

export interface ReviewItemsTable {
  id: string;
  /** The request the item is about; null for an item about a copyright claim (migration 020: exactly one of the two is set). */
  request_id: string | null;
  /** Issue 13 (migration 020): the copyright claim the item decides; one item per claim. */
  copyright_claim_id: ColumnType<string | null, string | null | undefined, string | null>;
  kind: ReviewKind;
  queue_id: string;
  state: ReviewItemState;
  version: ColumnType<number, number | undefined, number>;
  flag_reasons: Json<string[]>;
  due_at: Timestamp;
  escalated_at: Timestamp | null;
  decision_reason: string | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  created_at: CreatedAt;
  /** Higher first in queues ordered 'strikes_then_due'; set from the creator's strikes when the item opens. */
  priority: ColumnType<number, number | undefined, number>;
  creator_note: string | null;
  policy_category: string | null;
  escalated_by: string | null;
  escalation_reason: string | null;
}

export type QueuePriorityOrder = 'due_first' | 'strikes_then_due';

/** Issue 13 (migration 020): a rights holder's copyright claim; written by the copyrightClaim workflow's activities only. */
export interface CopyrightClaimsTable {
  id: string;
  claimant_name: string;
  claimant_organisation: string | null;
  contact_email: string;
  creator_id: string | null;
  statement: string;
  state: ColumnType<CopyrightClaimState, CopyrightClaimState | undefined, CopyrightClaimState>;
  conflict_report: ColumnType<import('../policies/copyright/claims').ClaimConflict[], string | undefined, string>;
  status_token_hash: string;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Timestamp | null;
  outcome: ColumnType<import('../policies/copyright/claims').CopyrightClaimOutcomeRecord | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The states of a copyright claim (migration 020; the words live with the policy). */
export type CopyrightClaimState = import('../policies/copyright/claims').CopyrightClaimState;

/** Issue 13 (migration 020): one entity a claim names, with the reviewer's decision on it. */
export interface CopyrightClaimEntitiesTable {
  claim_id: string;
  position: number;
  name: string;
  normalised_name: string;
  kind: 'character' | 'work' | 'brand';
  aliases: ColumnType<{ name: string; lang: string }[], string | undefined, string>;
  territories: ColumnType<string[], string, string>;
  requested_rule: 'allow' | 'review' | 'block';
  conditions: string | null;
  approved_rule: 'allow' | 'review' | 'block' | null;
  left_out: ColumnType<boolean, boolean | undefined, boolean>;
  entity_id: string | null;
}

/** Issue 13 (migration 020): a file of a claim: proof of rights (staff-only) or reference media. */
export interface CopyrightClaimFilesTable {
  claim_id: string;
  position: number;
  role: 'proof' | 'reference_image' | 'reference_clip';
  entity_position: number | null;
  storage_key: string;
  sha256: string;
  mime_type: string;
  byte_size: BigIntColumn;
  filename: string;
}

export interface ReviewLeasesTable {
  item_id: string;
  staff_id: string;
  claimed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  held: ColumnType<boolean, boolean | undefined, boolean>;
  handed_over_by: string | null;
}

export interface CreatorStrikesTable {
  id: Generated<string>;
  creator_id: string;
  request_id: string | null;
  reason: string;
  dedupe_key: string;
  created_at: CreatedAt;
}

export interface AppealsTable {
  id: string;
  request_id: string;
  creator_id: string;
  statement: string;
  status: 'open' | 'overturned' | 'upheld';
  outcome_reason: string | null;
  created_at: CreatedAt;
  decided_at: Timestamp | null;
}

export interface VideoReportsTable {
  id: Generated<string>;
  video_id: string;
  reporter_id: string;
  reason: string;
  details: string | null;
  status: 'open' | 'upheld' | 'rejected' | 'muted';
  dedupe_key: string;
  created_at: CreatedAt;
}

export interface StaffPreferencesTable {
  staff_id: string;
  blur_px: number | null;
  greyscale: boolean | null;
  muted: boolean | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface RequestKeyframesTable {
  request_id: string;
  position: number;
  at_seconds: number;
  storage_key: string;
}

export interface StaffInvitesTable {
  token_hash: string;
  email: string;
  role: StaffRole;
  invited_by: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  ip: string;
  succeeded: boolean;
  at: CreatedAt;
}

export interface NotificationsTable {
  id: Generated<string>;
  recipient_id: string;
  kind: NotificationKind;
  request_id: string | null;
  body: string;
  dedupe_key: string;
  read_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_staff_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /** Filled by the audit_log_chain trigger; whatever code passes is overwritten. */
  prev_hash: ColumnType<string, string | undefined, never>;
  hash: ColumnType<string, string | undefined, never>;
}

/** Issue 5: one PDQ hash of one region of one sampled frame (1 fps) of a video. */
export interface VideoFingerprintsTable {
  id: Generated<string>;
  video_id: string;
  frame_index: number;
  region: 'full' | 'top' | 'bottom' | 'left' | 'right';
  hash: Buffer;
  quality: number;
  created_at: CreatedAt;
}

/** Issue 5: every provenance signal of a video in its own column, as of the last verification. */
export interface ProvenanceSignalsTable {
  video_id: string;
  manifest_present: boolean;
  signature_valid: boolean | null;
  signer_trusted: boolean | null;
  validation_state: 'Invalid' | 'Valid' | 'Trusted' | null;
  validation_codes: ColumnType<StoredValidationCode[], string | undefined, string>;
  signer_common_name: string | null;
  watermark_burned_in: boolean;
  watermark_label: string | null;
  watermark_declared: boolean | null;
  fingerprint_registered: boolean;
  fingerprint_frames: ColumnType<number, number | undefined, number>;
  file_present: ColumnType<boolean, boolean | undefined, boolean>;
  last_error: string | null;
  last_verified_at: Timestamp;
  created_at: CreatedAt;
}

/** Issue 5: progress of one reverifyCatalogue run (workflow id), written by its batch activity. */
export interface ProvenanceAuditRunsTable {
  run_id: string;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
  total: ColumnType<number, number | undefined, number>;
  verified: ColumnType<number, number | undefined, number>;
  failing: ColumnType<number, number | undefined, number>;
  alerts_raised: ColumnType<number, number | undefined, number>;
  cursor_video_id: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * Image-to-video: one stored source image, keyed by the SHA-256 of its bytes (its MediaStore key is
 * `sources/<sha256>.<ext>`), written by the submission before the request's workflow starts.
 */
export interface SourceImagesTable {
  sha256: string;
  storage_key: string;
  mime_type: 'image/png' | 'image/jpeg' | 'image/webp';
  width: number;
  height: number;
  byte_size: number;
  created_at: CreatedAt;
}

/** A request's reference to its source image; no row: a text-to-video request. Written once, never updated. */
export interface RequestSourceImagesTable {
  request_id: string;
  source_image_sha256: string;
  /**
   * Migration 009: SHA-256 of the upload as it arrived (MediaStore key `originals/<sha256>.<ext>`,
   * same format as the stored image) when it carried a C2PA manifest store; null otherwise.
   */
  original_sha256: string | null;
  created_at: CreatedAt;
}

/**
 * Migration 007: the visual classifier's scores for one sampled frame of a clip (frame_position is
 * the keyframe strip's position), written by moderateClip. The five classes sum to 1 per frame.
 */
export interface ClipClassifierScoresTable {
  request_id: string;
  frame_position: number;
  at_seconds: number;
  /** Model and version, e.g. "nsfwjs 4.4.0 MobileNetV2". */
  model: string;
  porn: number;
  hentai: number;
  sexy: number;
  neutral: number;
  drawing: number;
  classified_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * Migration 026 (issue 15): a clip's audio check, written by checkClipAudio (activities/audio-check.ts):
 * ffmpeg's measurements, the audio policy's findings and verdict, and the screened transcript.
 */
export interface ClipAudioChecksTable {
  request_id: string;
  has_audio: boolean;
  /** LUFS; null below EBU R128's -70 LUFS gate or without audio. */
  integrated_lufs: number | null;
  /** LU. */
  loudness_range_lu: number | null;
  /** dBTP; null for digital silence. */
  true_peak_dbtp: number | null;
  /** Seconds. */
  duration_seconds: number;
  /** Silent stretches, seconds from the start. */
  silences: ColumnType<{ start: number; end: number }[], string, string>;
  /** bigint: read as a string by the driver. */
  clipped_samples: ColumnType<string, number | string, number | string>;
  total_samples: ColumnType<string, number | string, number | string>;
  policy_version: string;
  verdict: 'allow' | 'review';
  findings: ColumnType<AudioFinding[], string, string>;
  transcript: ColumnType<StoredTranscript, string, string>;
  checked_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * rate-limiter-flexible's counters (migration 008, db/rate-limiter.ts): `key` is "<limiter>:<client>",
 * `points` those consumed in the window that ends at `expire` (epoch milliseconds).
 */
export interface RateLimitsTable {
  key: string;
  points: ColumnType<number, number | undefined, number>;
  expire: ColumnType<string | null, number | string | bigint | null | undefined, number | string | bigint | null>;
}

export interface AppMetaTable {
  key: string;
  value: Json<Record<string, unknown>>;
  updated_at: CreatedAt;
}

/** A kind a notification or review item may have (migration 010): one row per kind. */
export interface KindRegistryTable {
  kind: string;
  description: string | null;
}

/**
 * Migration 013: a client app of the app-facing API (/api/v1). Only the SHA-256 of its key is kept;
 * a rotated-out key keeps working until `previous_key_expires_at` (db/queries/app-clients.ts).
 */
export interface AppClientsTable {
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: string;
  previous_key_hash: string | null;
  previous_key_expires_at: Timestamp | null;
  rate_limit_per_minute: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  rotated_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

/**
 * Migration 015: a likeness complaint, written by the likenessComplaint workflow's activities. Its
 * review item hangs on `anchor_request_id` (the first video's request). Shapes of the jsonb columns
 * are policies/likeness-complaints.ts's.
 */
export interface LikenessComplaintsTable {
  id: string;
  relationship: import('../policies/likeness-complaints').LikenessRelationship;
  complainant_name: string;
  complainant_email: string;
  creator_id: string | null;
  person_name: string;
  person_aliases: ColumnType<string[], string | undefined, string>;
  person_living: boolean;
  video_ids: ColumnType<string[], string, string>;
  anchor_request_id: string;
  evidence_text: string;
  evidence_files: ColumnType<import('../policies/likeness-complaints').LikenessEvidenceFile[], string | undefined, string>;
  match_report: ColumnType<import('../policies/likeness-complaints').LikenessMatchReport | null, string | null | undefined, string | null>;
  status_token_hash: string;
  state: ColumnType<import('../policies/likeness-complaints').LikenessComplaintState, import('../policies/likeness-complaints').LikenessComplaintState | undefined, import('../policies/likeness-complaints').LikenessComplaintState>;
  decision_reason: string | null;
  decided_by: string | null;
  registry_entry_id: string | null;
  taken_down: ColumnType<string[], string | undefined, string>;
  created_at: CreatedAt;
  decided_at: Timestamp | null;
  /** Migration 018: videos taken down because their keyframe faces matched the complainant's face. */
  face_taken_down: ColumnType<string[], string | undefined, string>;
  /** Migration 018: how many reference faces the face search compared (null: decided before it existed, or not upheld). */
  face_references: number | null;
}

/** Migration 012: one likeness takedown (contracts/likeness-takedown.ts); its counts are written as it runs. */
export interface LikenessTakedownsTable {
  id: string;
  trigger: import('../policies/consent/takedown-scope').LikenessTakedownTrigger;
  cameo_id: string;
  subject_creator_id: string | null;
  video_id: string | null;
  ledger_version: number | null;
  requested_by_kind: 'creator' | 'staff';
  requested_by_id: string;
  reason: string;
  state: ColumnType<'finding' | 'taking_down' | 'done', 'finding' | 'taking_down' | 'done' | undefined, 'finding' | 'taking_down' | 'done'>;
  found: ColumnType<number, number | undefined, number>;
  taken_down: ColumnType<number, number | undefined, number>;
  already_down: ColumnType<number, number | undefined, number>;
  failed: ColumnType<number, number | undefined, number>;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
}

/** Migration 012: what one likeness takedown did to one video; the key makes every step happen once. */
export interface LikenessTakedownItemsTable {
  takedown_id: string;
  video_id: string;
  outcome: 'taken_down' | 'already_down' | 'failed';
  done_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/**
 * Migration 016: one stored face embedding, encrypted (db/biometrics/face-embeddings.ts reads and
 * writes it; nothing else should). `ciphertext` = iv(12) || tag(16) || AES-256-GCM(float32 LE).
 */
export interface FaceEmbeddingsTable {
  id: ColumnType<string, never, never>;
  subject_kind: 'cameo' | 'protected_person' | 'video';
  subject_id: string;
  source: string;
  source_id: string | null;
  ciphertext: Buffer;
  key_id: string;
  model_label: string;
  created_at: CreatedAt;
}

/** Migration 016: a challenge the app showed before a face capture; used once, expires. */
export interface FaceEnrolmentChallengesTable {
  id: string;
  cameo_id: string;
  creator_id: string;
  kind: 'turn_left_then_right' | 'turn_right_then_left';
  issued_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** Migration 016: one face capture analysed by the faceEnrolment workflow (its activities write it). */
export interface FaceEnrolmentsTable {
  id: string;
  cameo_id: string;
  creator_id: string;
  challenge_id: string;
  state: ColumnType<'pending' | 'analysing' | 'verified' | 'failed', 'pending' | 'analysing' | 'verified' | 'failed' | undefined, 'pending' | 'analysing' | 'verified' | 'failed'>;
  failure_code: string | null;
  failure_message: string | null;
  frames_analysed: ColumnType<number, number | undefined, number>;
  progress: ColumnType<number, number | undefined, number>;
  model_label: string | null;
  /** The capture video in the media store until analysis ends (then deleted and null). */
  capture_storage_key: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}

/** Migration 016: a subject's biometric deletion, due a retention period after the subject's deletion. */
export interface BiometricDeletionsTable {
  subject_kind: 'cameo' | 'protected_person' | 'video';
  subject_id: string;
  requested_at: CreatedAt;
  due_at: Timestamp;
  deleted_at: Timestamp | null;
  rows_deleted: number | null;
  files_deleted: number | null;
}

/**
 * Migration 018: a reference photo of a protected person (public_figures), uploaded by the legal team.
 * The app writes the row and `deleted_at`; the referenceFaceEnrolment workflow writes the outcome.
 */
export interface ProtectedPersonReferenceImagesTable {
  id: string;
  person_id: string;
  storage_key: string;
  sha256: string;
  mime_type: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  uploaded_by: string;
  uploaded_at: CreatedAt;
  state: ColumnType<'pending' | 'enrolled' | 'failed', 'pending' | 'enrolled' | 'failed' | undefined, 'pending' | 'enrolled' | 'failed'>;
  failure_message: string | null;
  faces_found: number | null;
  enrolled_at: Timestamp | null;
  deleted_at: Timestamp | null;
}

/**
 * Migration 017: one face found in a request's source image or in a sampled frame of its generated
 * clip, and what it meant (policies/faces/checks.ts). Written by the face-check activities only.
 */
export interface FaceCheckResultsTable {
  id: ColumnType<string, never, never>;
  request_id: string;
  stage: FaceCheckStage;
  frame_position: number | null;
  face_index: number;
  box: Json<{ x: number; y: number; width: number; height: number }>;
  photorealistic: boolean;
  outcome: FaceCheckOutcome;
  matched_subject_kind: 'cameo' | 'protected_person' | null;
  matched_subject_id: string | null;
  matched_name: string | null;
  distance: number | null;
  threshold: number;
  model_label: string;
  created_at: CreatedAt;
}

/** Issue 13 (migration 021): a bank of PDQ hashes; the app's bank service and BANKS' activities write it. */
export interface HashBanksTable {
  id: Generated<string>;
  name: string;
  kind: 'positive' | 'negative';
  owner: string;
  entity_id: string | null;
  claim_id: string | null;
  /** The rule of an imported positive bank without an entity (CHECK: a positive bank has one or the other). */
  rule: 'allow' | 'review' | 'block' | null;
  /** Largest Hamming distance (0..31) that counts as a match for this bank. */
  cutoff: ColumnType<number, number | undefined, number>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  source: 'reference_media' | 'import';
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Issue 13 (migration 021): one PDQ hash of a bank. */
export interface BankHashesTable {
  id: ColumnType<string, never, never>;
  bank_id: string;
  hash: Buffer;
  quality: number | null;
  media_sha256: string | null;
  frame_index: number | null;
  region: string | null;
  note: string | null;
  state: ColumnType<'active' | 'quarantined' | 'disabled', 'active' | 'quarantined' | 'disabled' | undefined, 'active' | 'quarantined' | 'disabled'>;
  state_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** Issue 13 (migration 021): a bank match Loupe acted on or held (clip pipeline or rescan). */
export interface CopyrightMatchesTable {
  id: Generated<string>;
  bank_id: string;
  bank_hash_id: string;
  entity_id: string | null;
  request_id: string | null;
  video_id: string | null;
  frame_index: number | null;
  region: string | null;
  distance: number;
  action: 'blocked' | 'queued' | 'taken_down' | 'held' | 'cancelled' | 'allowed';
  source: 'pipeline' | 'rescan';
  rescan_id: string | null;
  note: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Issue 13 (migration 021): a flood quarantine of one bank hash, open until a person decides it. */
export interface BankFloodAlertsTable {
  id: Generated<string>;
  bank_id: string;
  bank_hash_id: string;
  recent_matches: number;
  window_seconds: number;
  baseline_matches: number;
  baseline_seconds: number;
  state: ColumnType<'open' | 'confirmed' | 'released', 'open' | 'confirmed' | 'released' | undefined, 'open' | 'confirmed' | 'released'>;
  raised_at: CreatedAt;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
}

/** Issue 13 (migration 023): a creator's dispute of a copyright block or takedown (contracts/copyright-disputes.ts). */
export interface CopyrightDisputesTable {
  id: string;
  match_id: string;
  match_action: 'blocked' | 'taken_down';
  video_id: string | null;
  request_id: string;
  creator_id: string;
  entity_id: string | null;
  claim_id: string | null;
  claimant_email: string | null;
  statement: string;
  state: ColumnType<import('../policies/copyright/disputes').CopyrightDisputeState, import('../policies/copyright/disputes').CopyrightDisputeState | undefined, import('../policies/copyright/disputes').CopyrightDisputeState>;
  outcome: import('../policies/copyright/disputes').CopyrightDisputeOutcomeKind | null;
  outcome_reason: string | null;
  claimant_deadline: Timestamp | null;
  claimant_answer: string | null;
  claimant_answered_at: Timestamp | null;
  appeal_deadline: Timestamp | null;
  appeal_statement: string | null;
  appeal_answer_deadline: Timestamp | null;
  appeal_answer: string | null;
  answer_token_hash: string;
  decided_by: string | null;
  reinstated: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  closed_at: Timestamp | null;
}

/** Issue 13 (migration 023): what the claimant of a dispute is told by email, until a relay sends it. */
export interface CopyrightDisputeMessagesTable {
  id: Generated<string>;
  dispute_id: string;
  recipient_email: string;
  subject: string;
  body: string;
  dedupe_key: string;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface Database {
  clip_audio_checks: ClipAudioChecksTable;
  provider_video_jobs: ProviderVideoJobsTable;
  provider_webhook_deliveries: ProviderWebhookDeliveriesTable;
  copyright_disputes: CopyrightDisputesTable;
  copyright_dispute_messages: CopyrightDisputeMessagesTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  creators: CreatorsTable;
  cameos: CameosTable;
  cameo_grants: CameoGrantsTable;
  generation_requests: GenerationRequestsTable;
  request_cameos: RequestCameosTable;
  prompt_screenings: PromptScreeningsTable;
  consent_checks: ConsentChecksTable;
  videos: VideosTable;
  review_queues: ReviewQueuesTable;
  review_items: ReviewItemsTable;
  copyright_claims: CopyrightClaimsTable;
  copyright_claim_entities: CopyrightClaimEntitiesTable;
  copyright_claim_files: CopyrightClaimFilesTable;
  notifications: NotificationsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  video_fingerprints: VideoFingerprintsTable;
  provenance_signals: ProvenanceSignalsTable;
  provenance_audit_runs: ProvenanceAuditRunsTable;
  public_figures: PublicFiguresTable;
  copyright_optout_requests: CopyrightOptoutRequestsTable;
  copyrighted_works: CopyrightedWorksTable;
  copyright_entities: CopyrightEntitiesTable;
  policy_rule_sets: PolicyRuleSetsTable;
  policy_drafts: PolicyDraftsTable;
  policy_promotions: PolicyPromotionsTable;
  policy_versions: PolicyVersionsTable;
  policy_shadow_screenings: PolicyShadowScreeningsTable;
  policy_backtests: PolicyBacktestsTable;
  review_leases: ReviewLeasesTable;
  creator_strikes: CreatorStrikesTable;
  appeals: AppealsTable;
  video_reports: VideoReportsTable;
  staff_preferences: StaffPreferencesTable;
  staff_invites: StaffInvitesTable;
  login_attempts: LoginAttemptsTable;
  request_keyframes: RequestKeyframesTable;
  source_images: SourceImagesTable;
  request_source_images: RequestSourceImagesTable;
  clip_classifier_scores: ClipClassifierScoresTable;
  rate_limits: RateLimitsTable;
  notification_kinds: KindRegistryTable;
  review_item_kinds: KindRegistryTable;
  likeness_takedowns: LikenessTakedownsTable;
  likeness_takedown_items: LikenessTakedownItemsTable;
  app_clients: AppClientsTable;
  cameo_ledger_events: CameoLedgerEventsTable;
  cameo_blocks: CameoBlocksTable;
  creator_follows: CreatorFollowsTable;
  cameo_approval_requests: CameoApprovalRequestsTable;
  likeness_complaints: LikenessComplaintsTable;
  face_embeddings: FaceEmbeddingsTable;
  face_enrolment_challenges: FaceEnrolmentChallengesTable;
  face_enrolments: FaceEnrolmentsTable;
  biometric_deletions: BiometricDeletionsTable;
  protected_person_reference_images: ProtectedPersonReferenceImagesTable;
  face_check_results: FaceCheckResultsTable;
  hash_banks: HashBanksTable;
  bank_hashes: BankHashesTable;
  copyright_matches: CopyrightMatchesTable;
  bank_flood_alerts: BankFloodAlertsTable;
  copyright_rescans: CopyrightRescansTable;
  copyright_rescan_videos: CopyrightRescanVideosTable;
}

export type Staff = Selectable<StaffTable>;
export type Video = Selectable<VideosTable>;
export type ReviewItem = Selectable<ReviewItemsTable>;
export type GenerationRequest = Selectable<GenerationRequestsTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

/** Migration 022: one copyright rescan of the published catalogue (issue 13), written by its workflow's activities. */
export interface CopyrightRescansTable {
  id: string;
  trigger_kind: 'claim' | 'bank';
  claim_id: string | null;
  bank_id: string | null;
  bank_ids: Json<string[]>;
  state: ColumnType<CopyrightRescanState, CopyrightRescanState | undefined, CopyrightRescanState>;
  total: ColumnType<number, number | undefined, number>;
  scanned: ColumnType<number, number | undefined, number>;
  matched: ColumnType<number, number | undefined, number>;
  taken_down: ColumnType<number, number | undefined, number>;
  queued: ColumnType<number, number | undefined, number>;
  held: ColumnType<number, number | undefined, number>;
  cursor_published_at: Timestamp | null;
  cursor_video_id: string | null;
  batch_size: number;
  started_by: string | null;
  started_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  paused_at: Timestamp | null;
  paused_seconds: ColumnType<number, number | undefined, number>;
  finished_at: Timestamp | null;
  last_error: string | null;
}

/** The states of a copyright rescan (contracts/copyright-rescan.ts has the same list). */
export type CopyrightRescanState = 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

/** Migration 022: what one rescan did to one matched video; the key makes each action happen once. */
export interface CopyrightRescanVideosTable {
  rescan_id: string;
  video_id: string;
  outcome: 'taken_down' | 'queued' | 'held' | 'already_down';
  match_id: string | null;
  reasons: Json<string[]>;
  created_at: CreatedAt;
}

/** Where a provider's video job stands (migration 025; the Videos API's statuses plus Loupe's own ends). */
export type ProviderVideoJobStatus = 'creating' | 'queued' | 'in_progress' | 'completed' | 'failed' | 'cancelled' | 'timed_out';

/** Migration 025 (issue 15): a request's job at a video provider, paid for once. */
export interface ProviderVideoJobsTable {
  request_id: string;
  provider: string;
  model: string;
  idempotency_key: string;
  provider_job_id: string | null;
  status: ColumnType<ProviderVideoJobStatus, ProviderVideoJobStatus | undefined, ProviderVideoJobStatus>;
  /** 0-100, as the provider reports it. */
  progress: ColumnType<number, number | undefined, number>;
  /** As sent: "4", "8" or "12". */
  seconds: string;
  /** As sent, e.g. "720x1280". */
  size: string;
  remix_of_provider_job_id: string | null;
  error_code: string | null;
  error_message: string | null;
  /** US dollars; pg returns NUMERIC as a string. */
  cost_usd: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  /** Media store key of the provider's thumbnail, once collected. */
  thumbnail_key: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  completed_at: Timestamp | null;
}

/** Migration 025: a webhook delivery the console accepted, by its Standard Webhooks `webhook-id`. */
export interface ProviderWebhookDeliveriesTable {
  webhook_id: string;
  provider_job_id: string;
  event_type: string;
  received_at: CreatedAt;
}
