/** Reads for the review console: open items per queue, and everything a reviewer needs on one screen. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function listOpenReviewItems(db: Kysely<Database>, options: { queueId?: string; limit: number }) {
  let query = db
    .selectFrom('review_items')
    .innerJoin('generation_requests', 'generation_requests.id', 'review_items.request_id')
    .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
    .innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select([
      'review_items.id', 'review_items.kind', 'review_items.queue_id', 'review_queues.name as queue_name',
      'review_items.flag_reasons', 'review_items.created_at', 'review_items.due_at', 'review_items.escalated_at',
      'review_items.version', 'generation_requests.prompt', 'creators.handle',
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
  if (!item) return null;
  const [request, screening, consent, video, history] = await Promise.all([
    db
      .selectFrom('generation_requests')
      .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
      .selectAll('generation_requests')
      .select(['creators.handle', 'creators.age_band'])
      .where('generation_requests.id', '=', item.request_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('prompt_screenings').selectAll().where('request_id', '=', item.request_id).executeTakeFirst(),
    db
      .selectFrom('consent_checks')
      .innerJoin('cameos', 'cameos.id', 'consent_checks.cameo_id')
      .innerJoin('creators as owners', 'owners.id', 'cameos.owner_id')
      .select(['cameos.display_name', 'cameos.access_level', 'owners.handle as owner_handle', 'consent_checks.allowed', 'consent_checks.reason'])
      .where('consent_checks.request_id', '=', item.request_id)
      .execute(),
    db
      .selectFrom('videos')
      .select(['id', 'status', 'validation_state', 'validation_codes', 'moderation', 'generator', 'duration_seconds', 'remix_of_video_id', 'sha256'])
      .where('request_id', '=', item.request_id)
      .executeTakeFirst(),
    db
      .selectFrom('audit_log')
      .select(['at', 'actor_label', 'action', 'after'])
      .where('subject_type', '=', 'review_item')
      .where('subject_id', '=', itemId)
      .orderBy('id')
      .execute(),
  ]);
  return { item, request, screening: screening ?? null, consent, video: video ?? null, history };
}
