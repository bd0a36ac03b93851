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

import type { StaffRole } from '../policies/staff-access';

export { STAFF_ROLES, type StaffRole } from '../policies/staff-access';

export const REQUEST_STATUSES = [
  'screening', 'prompt_review', 'consent_check', 'generating', 'moderating', 'signing',
  'clip_review', 'published', 'blocked', 'rejected', 'failed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type CameoAccessLevel = 'only_me' | 'approved' | 'everyone';
export type ReviewKind = 'prompt' | 'clip';
export type ReviewItemState = 'open' | 'approved' | 'rejected' | 'cancelled';
export type VideoStatus = 'draft' | 'published' | 'removed';
export type NotificationKind =
  | 'cameo_used' | 'cameo_blocked' | 'request_blocked' | 'request_rejected' | 'video_published' | 'cameo_published';

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
}

export interface CameosTable {
  id: Generated<string>;
  owner_id: string;
  display_name: string;
  access_level: CameoAccessLevel;
  revoked_at: Timestamp | null;
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
}

export interface ConsentChecksTable {
  request_id: string;
  cameo_id: string;
  allowed: boolean;
  reason: string;
  checked_at: CreatedAt;
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
}

export interface ReviewQueuesTable {
  id: string;
  name: string;
  sla_seconds: number;
  escalation_queue_id: string | null;
  allowed_roles: Json<StaffRole[]>;
}

export interface ReviewItemsTable {
  id: string;
  request_id: string;
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

export interface AppMetaTable {
  key: string;
  value: Json<Record<string, unknown>>;
  updated_at: CreatedAt;
}

export interface Database {
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
  notifications: NotificationsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
}

export type Staff = Selectable<StaffTable>;
export type Video = Selectable<VideosTable>;
export type ReviewItem = Selectable<ReviewItemsTable>;
export type GenerationRequest = Selectable<GenerationRequestsTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
