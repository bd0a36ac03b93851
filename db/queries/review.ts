/** Reads for the review console: open items per queue, and everything a reviewer needs on one screen. */
import { sql, type Kysely } from 'kysely';
import type { Database, StaffRole } from '../schema';
import type { SemanticSettings } from '../../policies/prompt/types';
import { sourceImageOfRequest } from './source-images';
import { visualClassificationOfRequest } from './classifier-scores';
import { audioCheckOfRequest } from './audio-checks';
import { remixLineage } from './remix-lineage';

export async function listOpenReviewItems(db: Kysely<Database>, options: { queueId?: string; limit: number }) {
  let query = db
    .selectFrom('review_items')
    // Issue 13: a copyright claim's item has no request; it shows its claimant instead of a prompt and creator.
    .leftJoin('generation_requests', 'generation_requests.id', 'review_items.request_id')
    .leftJoin('copyright_claims', 'copyright_claims.id', 'review_items.copyright_claim_id')
    // A claim filed by a creator through the app API shows that creator; one from the public form has none.
    .leftJoin('creators', (join) => join.on(sql<boolean>`creators.id = coalesce(generation_requests.creator_id, copyright_claims.creator_id)`))
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select([
      'review_items.id', 'review_items.kind', 'review_items.queue_id', 'review_queues.name as queue_name',
      'review_items.flag_reasons', 'review_items.created_at', 'review_items.due_at', 'review_items.escalated_at',
      'review_items.version',
      sql<string>`coalesce(generation_requests.prompt, 'Copyright claim by ' || coalesce(copyright_claims.claimant_organisation, copyright_claims.claimant_name))`.as('prompt'),
      sql<string>`coalesce(creators.handle, 'rights-holder')`.as('handle'),
    ])
    .where('review_items.state', '=', 'open')
    .orderBy('review_items.due_at', 'asc')
    .orderBy('review_items.id', 'asc')
    .limit(options.limit);
  if (options.queueId) query = query.where('review_items.queue_id', '=', options.queueId);
  return query.execute();
}

export async function countOpenItemsByQueue(db: Kysely<Database>) {
  return db
    .selectFrom('review_queues')
    .leftJoin('review_items', (join) => join.onRef('review_items.queue_id', '=', 'review_queues.id').on('review_items.state', '=', 'open'))
    .select((eb) => ['review_queues.id', 'review_queues.name', 'review_queues.sla_seconds', eb.fn.count<string>('review_items.id').as('open')])
    .groupBy(['review_queues.id', 'review_queues.name', 'review_queues.sla_seconds'])
    .orderBy('review_queues.id')
    .execute();
}

export async function getReviewItemDetail(db: Kysely<Database>, itemId: string) {
  const item = await db
    .selectFrom('review_items')
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .leftJoin('staff', 'staff.id', 'review_items.decided_by')
    .selectAll('review_items')
    .select(['review_queues.name as queue_name', 'review_queues.allowed_roles', 'staff.email as decided_by_email'])
    .where('review_items.id', '=', itemId)
    .executeTakeFirst();
  // Issue 13: an item about a copyright claim has no request; its screen is the claim's (copyrightClaimForScreen).
  if (!item || item.request_id === null) return null;
  const requestId = item.request_id;
  const [request, screening, consent, video, history] = await Promise.all([
    db
      .selectFrom('generation_requests')
      .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
      .selectAll('generation_requests')
      .select(['creators.handle', 'creators.age_band'])
      .where('generation_requests.id', '=', requestId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('prompt_screenings')
      .selectAll('prompt_screenings')
      // Issue 14: the semantic settings (k, margins) of the version that screened, to explain the stored score.
      .select((eb) =>
        eb
          .selectFrom('policy_versions')
          .innerJoin('policy_rule_sets', 'policy_rule_sets.hash', 'policy_versions.rule_set_hash')
          .select(sql<SemanticSettings | null>`policy_rule_sets.rule_set->'semantic'->'settings'`.as('settings'))
          .whereRef('policy_versions.version', '=', 'prompt_screenings.policy_version')
          .as('semantic_settings'),
      )
      .where('request_id', '=', requestId)
      .executeTakeFirst(),
    db
      .selectFrom('consent_checks')
      .innerJoin('cameos', 'cameos.id', 'consent_checks.cameo_id')
      .innerJoin('creators as owners', 'owners.id', 'cameos.owner_id')
      .select(['cameos.display_name', 'cameos.access_level', 'owners.handle as owner_handle', 'consent_checks.allowed', 'consent_checks.reason'])
      // Issue 11: what the owner asked of every use, and the ledger version the decision relied on.
      .select(['cameos.kind', 'cameos.restrictions', 'cameos.restrictions_note', 'consent_checks.consent_version', 'consent_checks.outcome'])
      .where('consent_checks.request_id', '=', requestId)
      .execute(),
    db
      .selectFrom('videos')
      .select(['id', 'status', 'validation_state', 'validation_codes', 'moderation', 'generator', 'duration_seconds', 'remix_of_video_id', 'sha256', 'remix_allowed'])
      .where('request_id', '=', requestId)
      .executeTakeFirst(),
    db
      .selectFrom('audit_log')
      .select(['at', 'actor_label', 'action', 'after'])
      .where('subject_type', '=', 'review_item')
      .where('subject_id', '=', itemId)
      .orderBy('id')
      .execute(),
  ]);
  const sourceImage = await sourceImageOfRequest(db, requestId);
  const visualClassifier = await visualClassificationOfRequest(db, requestId);
  // Issue 15: the clip's audio: loudness, silence, clipping and the screened transcript.
  const audio = await audioCheckOfRequest(db, requestId);
  const [keyframes, lineage, timeline, neighbours, reports, appeal] = await Promise.all([
    db.selectFrom('request_keyframes').select(['position', 'at_seconds', 'storage_key']).where('request_id', '=', requestId).orderBy('position').execute(),
    remixLineageWithRemixes(db, request.remix_of_video_id, video?.id ?? null),
    requestTimeline(db, requestId, video?.id ?? null),
    queueNeighbours(db, item.queue_id, item.due_at, item.id),
    video
      ? db.selectFrom('video_reports').innerJoin('creators', 'creators.id', 'video_reports.reporter_id')
        .select(['video_reports.reason', 'video_reports.details', 'video_reports.status', 'video_reports.created_at', 'creators.handle', 'creators.reports_muted_at'])
        .where('video_reports.video_id', '=', video.id).orderBy('video_reports.id').execute()
      : Promise.resolve([]),
    db.selectFrom('appeals').select(['statement', 'status', 'outcome_reason', 'created_at']).where('request_id', '=', requestId).executeTakeFirst(),
  ]);
  return {
    item, request, screening: screening ?? null, consent, video: video ?? null, history, keyframes, lineage, timeline, neighbours, reports,
    appeal: appeal ?? null, sourceImage, visualClassifier, audio,
  };
}

/**
 * The chain of videos this request remixes, parent first to the original (issue 15: the one walk of
 * db/queries/remix-lineage.ts, capped and cycle-guarded), and how often its video was remixed itself.
 */
async function remixLineageWithRemixes(db: Kysely<Database>, parentVideoId: string | null, videoId: string | null) {
  const lineage = await remixLineage(db, parentVideoId, videoId);
  const remixes = videoId
    ? Number((await db.selectFrom('videos').select((eb) => eb.fn.countAll<string>().as('n')).where('remix_of_video_id', '=', videoId).executeTakeFirst())?.n ?? 0)
    : 0;
  return { ...lineage, remixes };
}

export interface TimelineEvent {
  at: Date;
  who: string;
  what: string;
}

/** Everything that happened to the request, its review items, its video and its notifications, in time order. */
async function requestTimeline(db: Kysely<Database>, requestId: string, videoId: string | null): Promise<TimelineEvent[]> {
  const items = await db.selectFrom('review_items').select(['id', 'kind', 'created_at', 'queue_id']).where('request_id', '=', requestId).execute();
  const subjects = [requestId, ...items.map((i) => i.id), ...(videoId ? [videoId] : [])];
  const [request, screening, audit, notices, reports] = await Promise.all([
    db.selectFrom('generation_requests').select(['created_at']).where('id', '=', requestId).executeTakeFirstOrThrow(),
    db.selectFrom('prompt_screenings').select(['screened_at', 'verdict', 'policy_version']).where('request_id', '=', requestId).executeTakeFirst(),
    db.selectFrom('audit_log').select(['at', 'actor_label', 'action', 'subject_type', 'after']).where('subject_id', 'in', subjects).orderBy('id').execute(),
    db.selectFrom('notifications').select(['created_at', 'kind', 'body']).where('request_id', '=', requestId).orderBy('id').execute(),
    videoId ? db.selectFrom('video_reports').select(['created_at', 'reason', 'status']).where('video_id', '=', videoId).execute() : Promise.resolve([]),
  ]);
  const describe = (after: unknown) => {
    if (!after || typeof after !== 'object') return '';
    const record = after as Record<string, unknown>;
    const parts = ['reason', 'queue', 'to', 'note', 'batchId'].filter((key) => record[key]).map((key) => `${key}: ${String(record[key])}`);
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
  };
  const events: TimelineEvent[] = [
    { at: request.created_at, who: 'creator', what: 'request submitted' },
    ...(screening ? [{ at: screening.screened_at, who: 'system', what: `prompt screened: ${screening.verdict} (policy ${screening.policy_version.slice(0, 8)})` }] : []),
    ...items.map((i) => ({ at: i.created_at, who: 'system', what: `${i.kind} review item opened in ${i.queue_id}` })),
    ...audit.map((a) => ({ at: a.at, who: a.actor_label, what: `${a.action}${describe(a.after)}` })),
    ...notices.map((n) => ({ at: n.created_at, who: 'system', what: `notified creator (${n.kind}): ${n.body}` })),
    ...reports.map((r) => ({ at: r.created_at, who: 'a user', what: `reported the video: ${r.reason} (${r.status})` })),
  ];
  return events.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

/** The open items just before and after this one in its queue (earliest due first), for j/k. */
export async function queueNeighbours(db: Kysely<Database>, queueId: string, dueAt: Date, id: string) {
  const [previous, next] = await Promise.all([
    sql<{ id: string }>`SELECT id FROM review_items WHERE state = 'open' AND queue_id = ${queueId} AND (due_at, id) < (${dueAt}, ${id}::uuid) ORDER BY due_at DESC, id DESC LIMIT 1`.execute(db),
    sql<{ id: string }>`SELECT id FROM review_items WHERE state = 'open' AND queue_id = ${queueId} AND (due_at, id) > (${dueAt}, ${id}::uuid) ORDER BY due_at, id LIMIT 1`.execute(db),
  ]);
  return { previous: previous.rows[0]?.id ?? null, next: next.rows[0]?.id ?? null };
}

/** What deciding an item needs to know first: its request and kind (which name its workflow), state and queue roles. */
export async function reviewItemForAction(db: Kysely<Database>, itemId: string) {
  return db
    .selectFrom('review_items')
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select(['review_items.request_id', 'review_items.copyright_claim_id', 'review_items.kind', 'review_items.state', 'review_queues.allowed_roles', 'review_queues.name'])
    // A likeness complaint item is owned by the open complaint's workflow (contracts workflowIdForReviewItem).
    .select((eb) =>
      eb.selectFrom('likeness_complaints').select('likeness_complaints.id')
        .whereRef('likeness_complaints.anchor_request_id', '=', 'review_items.request_id')
        .where('likeness_complaints.state', 'in', ['received', 'in_review'])
        .limit(1)
        .as('likeness_complaint_id'))
    // Issue 13: a copyright dispute item is owned by the dispute with legal on its request.
    .select((eb) =>
      eb.selectFrom('copyright_disputes').select('copyright_disputes.id')
        .whereRef('copyright_disputes.request_id', '=', 'review_items.request_id')
        .where('copyright_disputes.state', '=', 'with_legal')
        .orderBy('copyright_disputes.created_at', 'desc')
        .limit(1)
        .as('copyright_dispute_id'))
    .where('review_items.id', '=', itemId)
    .executeTakeFirst();
}

/** The roles that work the item's queue (empty when there is no such item). */
export async function queueRolesOfItem(db: Kysely<Database>, itemId: string): Promise<StaffRole[]> {
  const queue = await db
    .selectFrom('review_items')
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select('review_queues.allowed_roles')
    .where('review_items.id', '=', itemId)
    .executeTakeFirst();
  return queue?.allowed_roles ?? [];
}
