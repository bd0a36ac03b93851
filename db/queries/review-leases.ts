/**
 * Claims on review items ("Start reviewing"): an exclusive, renewable lease per item, held in
 * PostgreSQL beside the items themselves, so there is no second store to drift out of step.
 *
 * Two guards make a claim exclusive: the candidate row is locked `FOR UPDATE SKIP LOCKED` (two
 * reviewers starting at once walk past each other's rows), and the lease is written with an
 * upsert that only replaces an expired lease (a reviewer whose snapshot predates another's commit
 * cannot take the same item; they move on to the next one).
 *
 * A lease counts only while its holder's role works the item's queue (`review_queues.allowed_roles`,
 * the one place that says who works which queue): a claim, hold, renewal or hand-over by anyone
 * else is refused with `QueueNotWorkable`, and a lease whose holder no longer qualifies (re-roled
 * since, or the item moved to another queue) blocks nobody and is taken over like an expired one.
 * So nobody can park an item in a queue they may not work, and admins can end any claim
 * (`forceRelease`, audited with whose claim it was).
 * Leases are staff-only data; the review items stay owned by their workflows.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { HOLD_SECONDS, LEASE_SECONDS, REVIEW_GATE_KINDS } from '../../policies/review';
import type { Database, QueuePriorityOrder, StaffRole } from '../schema';
import { appendAudit } from './audit';

type Db = Kysely<Database> | Transaction<Database>;

export interface LeaseActor {
  id: string;
  email: string;
  role: StaffRole;
}

export interface LeaseView {
  itemId: string;
  staffId: string;
  staffEmail: string;
  expiresAt: Date;
  held: boolean;
}

/** Someone else holds the item, or the caller holds no claim to change (mapped to CONFLICT). */
export class LeaseConflict extends Error {}

/** The caller's role (or a colleague's) does not work the item's queue (mapped to FORBIDDEN). */
export class QueueNotWorkable extends Error {}

/**
 * SQL: the lease row `alias` counts, that is, it has not expired and its holder's role works the
 * item's queue. Every read of "who holds this item" goes through this, so a lease left behind by
 * a re-roled reviewer, or on an item moved to a queue its holder may not work, blocks nobody.
 */
export function leaseCounts(alias: string) {
  const lease = (column: string) => sql.ref(`${alias}.${column}`);
  return sql<boolean>`(${lease('expires_at')} > now() AND EXISTS (
    SELECT 1 FROM staff holder_staff
    JOIN review_items holder_item ON holder_item.id = ${lease('item_id')}
    JOIN review_queues holder_queue ON holder_queue.id = holder_item.queue_id
    WHERE holder_staff.id = ${lease('staff_id')} AND holder_staff.disabled_at IS NULL
      AND holder_queue.allowed_roles @> to_jsonb(holder_staff.role::text)))`;
}

/**
 * The item's queue (locked with the item row, so a concurrent escalation cannot move it between
 * the check and the lease write) after checking that `role` works it.
 * @throws LeaseConflict when there is no such item or it is no longer open
 * @throws QueueNotWorkable when the queue is worked by other roles
 */
async function workableItem(trx: Transaction<Database>, role: StaffRole, itemId: string, verb: string) {
  const item = await trx
    .selectFrom('review_items').innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select(['review_items.state', 'review_queues.id as queue_id', 'review_queues.name', 'review_queues.allowed_roles'])
    .where('review_items.id', '=', itemId)
    .forUpdate('review_items')
    .executeTakeFirst();
  if (!item) throw new LeaseConflict('There is no review item with that id.');
  if (!item.allowed_roles.includes(role)) {
    throw new QueueNotWorkable(`The ${item.name} queue is worked by ${item.allowed_roles.join(', ')}; your role (${role}) may not ${verb} its items.`);
  }
  return item;
}

/** The queues a role may work, with how each picks its next item. */
export async function queuesWorkableBy(db: Db, role: StaffRole) {
  const queues = await db.selectFrom('review_queues').select(['id', 'name', 'priority_order', 'allowed_roles', 'placeholder']).orderBy('position').execute();
  return queues.filter((queue) => queue.allowed_roles.includes(role));
}

function orderFor(order: QueuePriorityOrder) {
  return order === 'strikes_then_due' ? sql`ri.priority DESC, ri.due_at, ri.id` : sql`ri.due_at, ri.id`;
}

async function nextCandidate(trx: Transaction<Database>, queueId: string, order: QueuePriorityOrder, skip: string[]) {
  const skipClause = skip.length > 0 ? sql`AND ri.id NOT IN (${sql.join(skip)})` : sql``;
  const result = await sql<{ id: string }>`
    SELECT ri.id FROM review_items ri
    WHERE ri.state = 'open' AND ri.queue_id = ${queueId} ${skipClause}
      -- Kinds decided through a workflow's review gate; other issues' alerts (e.g. provenance) have their own flow.
      AND ri.kind IN (${sql.join([...REVIEW_GATE_KINDS])})
      AND NOT EXISTS (SELECT 1 FROM review_leases l WHERE l.item_id = ri.id AND ${leaseCounts('l')})
    ORDER BY ${orderFor(order)}
    LIMIT 1
    FOR UPDATE OF ri SKIP LOCKED`.execute(trx);
  return result.rows[0]?.id ?? null;
}

/** Writes the lease unless someone else holds one that counts (`leaseCounts`); true when the caller now holds it. */
async function takeLease(trx: Transaction<Database>, itemId: string, staffId: string, seconds: number, held: boolean, handedOverBy: string | null) {
  const result = await sql<{ item_id: string }>`
    INSERT INTO review_leases (item_id, staff_id, claimed_at, expires_at, held, handed_over_by)
    VALUES (${itemId}, ${staffId}, now(), now() + make_interval(secs => ${seconds}), ${held}, ${handedOverBy})
    ON CONFLICT (item_id) DO UPDATE SET staff_id = excluded.staff_id, claimed_at = excluded.claimed_at,
      expires_at = excluded.expires_at, held = excluded.held, handed_over_by = excluded.handed_over_by
    WHERE review_leases.staff_id = excluded.staff_id OR NOT ${leaseCounts('review_leases')}
    RETURNING item_id`.execute(trx);
  return result.rows.length > 0;
}

/**
 * "Start reviewing": the caller's current live claim in that queue if they have one, else the next
 * unclaimed open item in priority order of the queues their role may work (or of one queue).
 */
export async function startReviewing(db: Kysely<Database>, actor: LeaseActor, options: { queueId?: string; leaseSeconds?: number }) {
  const seconds = options.leaseSeconds ?? LEASE_SECONDS;
  const queues = (await queuesWorkableBy(db, actor.role)).filter((q) => !q.placeholder && (!options.queueId || q.id === options.queueId));
  if (options.queueId && queues.length === 0) throw new QueueNotWorkable(`Your role (${actor.role}) does not work the ${options.queueId} queue.`);
  return db.transaction().execute(async (trx) => {
    const mine = await trx
      .selectFrom('review_leases')
      .innerJoin('review_items', 'review_items.id', 'review_leases.item_id')
      .select(['review_items.id'])
      .where('review_leases.staff_id', '=', actor.id)
      .where('review_leases.expires_at', '>', sql<Date>`now()`)
      .where('review_items.state', '=', 'open')
      .where('review_items.queue_id', 'in', queues.map((q) => q.id).concat(['-']))
      .orderBy('review_leases.claimed_at')
      .executeTakeFirst();
    if (mine) return { itemId: mine.id, resumed: true };
    for (const queue of queues) {
      const skip: string[] = [];
      // A few tries: a lease committed by someone else after our snapshot sends us on to the next row.
      for (let attempt = 0; attempt < 5; attempt++) {
        const candidate = await nextCandidate(trx, queue.id, queue.priority_order, skip);
        if (!candidate) break;
        if (await takeLease(trx, candidate, actor.id, seconds, false, null)) {
          await appendAudit(trx, {
            actorStaffId: actor.id, actorLabel: actor.email, action: 'review.claim', subjectType: 'review_item', subjectId: candidate,
            after: { queue: queue.id, leaseSeconds: seconds },
          });
          return { itemId: candidate, resumed: false };
        }
        skip.push(candidate);
      }
    }
    return null;
  });
}

/**
 * Claims one specific item (opened from a list).
 * @throws QueueNotWorkable when the caller's role does not work the item's queue
 * @throws LeaseConflict when the item is gone, decided, or someone else holds it
 */
export async function claimItem(db: Kysely<Database>, actor: LeaseActor, itemId: string, leaseSeconds = LEASE_SECONDS) {
  return db.transaction().execute(async (trx) => {
    const item = await workableItem(trx, actor.role, itemId, 'claim');
    if (item.state !== 'open') throw new LeaseConflict(`This item was already ${item.state}; there is nothing to claim.`);
    if (!(await takeLease(trx, itemId, actor.id, leaseSeconds, false, null))) {
      const holder = await leaseOf(trx, itemId);
      throw new LeaseConflict(`${holder?.staffEmail ?? 'Another reviewer'} is reviewing this item (claimed until ${holder?.expiresAt.toISOString() ?? 'soon'}).`);
    }
    await appendAudit(trx, { actorStaffId: actor.id, actorLabel: actor.email, action: 'review.claim', subjectType: 'review_item', subjectId: itemId, after: { leaseSeconds } });
    return leaseOf(trx, itemId);
  });
}

/** Who holds the item now (a lease that counts: `leaseCounts`), or null. */
export async function leaseOf(db: Db, itemId: string): Promise<LeaseView | null> {
  const row = await db
    .selectFrom('review_leases')
    .innerJoin('staff', 'staff.id', 'review_leases.staff_id')
    .select(['review_leases.item_id', 'review_leases.staff_id', 'staff.email', 'review_leases.expires_at', 'review_leases.held'])
    .where('review_leases.item_id', '=', itemId)
    .where(leaseCounts('review_leases'))
    .executeTakeFirst();
  return row ? { itemId: row.item_id, staffId: row.staff_id, staffEmail: row.email, expiresAt: row.expires_at, held: row.held } : null;
}

/**
 * Changes the caller's own live lease in one transaction and audits it (`action` null: not audited).
 * `verb` names the change for the refusal when the caller's role does not work the queue (null: no
 * role check, for giving a claim up).
 */
async function changeOwnLease(
  db: Kysely<Database>, actor: LeaseActor, itemId: string, action: string | null, verb: string | null,
  change: (trx: Transaction<Database>) => Promise<{ numUpdatedRows?: bigint; numDeletedRows?: bigint }>,
  after: unknown,
) {
  return db.transaction().execute(async (trx) => {
    if (verb) await workableItem(trx, actor.role, itemId, verb);
    const result = await change(trx);
    const changed = Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
    if (changed === 0) {
      const holder = await leaseOf(trx, itemId);
      throw new LeaseConflict(
        holder ? `${holder.staffEmail} holds this item now; your claim has lapsed.` : 'You do not hold a claim on this item (it may have lapsed). Claim it again.',
      );
    }
    if (action) await appendAudit(trx, { actorStaffId: actor.id, actorLabel: actor.email, action, subjectType: 'review_item', subjectId: itemId, after });
    return leaseOf(trx, itemId);
  });
}

/** Extends the caller's live lease (a reviewer still looking at the item). Throws like `holdLease`. */
export function renewLease(db: Kysely<Database>, actor: LeaseActor, itemId: string, leaseSeconds = LEASE_SECONDS) {
  // Renewal is the open page's heartbeat, not a decision of the reviewer's: the claim itself is audited, renewals are not.
  return changeOwnLease(db, actor, itemId, null, 'keep', (trx) =>
    trx.updateTable('review_leases')
      .set({ expires_at: sql<Date>`greatest(expires_at, now() + make_interval(secs => ${leaseSeconds}))` })
      .where('item_id', '=', itemId).where('staff_id', '=', actor.id).where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst(), { leaseSeconds });
}

/**
 * Keeps the item past the usual lease (waiting on context, a break, a second look tomorrow).
 * @throws QueueNotWorkable when the caller's role does not work the item's queue
 * @throws LeaseConflict when the caller holds no live claim on it
 */
export function holdLease(db: Kysely<Database>, actor: LeaseActor, itemId: string, holdSeconds = HOLD_SECONDS) {
  return changeOwnLease(db, actor, itemId, 'review.hold', 'hold', (trx) =>
    trx.updateTable('review_leases')
      .set({ held: true, expires_at: sql<Date>`now() + make_interval(secs => ${holdSeconds})` })
      .where('item_id', '=', itemId).where('staff_id', '=', actor.id).where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst(), { holdSeconds });
}

/**
 * Gives up the caller's own claim. No role check: letting go never widens anyone's access, and a
 * reviewer left holding an item of a queue they no longer work must be able to return it.
 * @throws LeaseConflict when the caller holds no claim on the item
 */
export function releaseLease(db: Kysely<Database>, actor: LeaseActor, itemId: string) {
  return changeOwnLease(db, actor, itemId, 'review.release', null, (trx) =>
    trx.deleteFrom('review_leases').where('item_id', '=', itemId).where('staff_id', '=', actor.id).executeTakeFirst(), null);
}

/**
 * An admin ends whoever's claim is on the item (someone away, or a claim that should not exist),
 * audited as `review.force_release` with whose claim it was and until when. Whether the caller is an
 * admin is the procedure's access rule (`ROLES.admin`).
 * @throws LeaseConflict when nobody holds a claim on the item
 */
export async function forceRelease(db: Kysely<Database>, actor: LeaseActor, itemId: string): Promise<null> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('review_items').select('id').where('id', '=', itemId).forUpdate().executeTakeFirst();
    const holder = await trx
      .selectFrom('review_leases').innerJoin('staff', 'staff.id', 'review_leases.staff_id')
      .select(['staff.email', 'staff.role', 'review_leases.expires_at', 'review_leases.held'])
      .where('review_leases.item_id', '=', itemId).where('review_leases.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (!holder) throw new LeaseConflict('Nobody holds a claim on this item; there is nothing to release.');
    await trx.deleteFrom('review_leases').where('item_id', '=', itemId).execute();
    await appendAudit(trx, {
      actorStaffId: actor.id, actorLabel: actor.email, action: 'review.force_release', subjectType: 'review_item', subjectId: itemId,
      before: { holder: holder.email, holderRole: holder.role, until: holder.expires_at.toISOString(), held: holder.held },
    });
    return null;
  });
}

/**
 * Sends the caller's item to a named colleague who may work its queue; they hold it as if they had
 * claimed and held it. Both the caller's and the colleague's roles must work the queue.
 * @throws QueueNotWorkable when either role does not work the item's queue
 * @throws LeaseConflict when the colleague is not active staff or the caller holds no live claim
 */
export async function handOver(db: Kysely<Database>, actor: LeaseActor, itemId: string, colleagueId: string) {
  const colleague = await db.selectFrom('staff').select(['id', 'email', 'role', 'disabled_at']).where('id', '=', colleagueId).executeTakeFirst();
  if (!colleague || colleague.disabled_at) throw new LeaseConflict('That colleague is not an active staff member.');
  const queue = await db
    .selectFrom('review_items').innerJoin('review_queues', 'review_queues.id', 'review_items.queue_id')
    .select(['review_queues.name', 'review_queues.allowed_roles']).where('review_items.id', '=', itemId).executeTakeFirst();
  if (!queue) throw new LeaseConflict('There is no review item with that id.');
  if (!queue.allowed_roles.includes(colleague.role)) throw new QueueNotWorkable(`${colleague.email} (${colleague.role}) may not work the ${queue.name} queue.`);
  return changeOwnLease(db, actor, itemId, 'review.hand_over', 'hand over', (trx) =>
    trx.updateTable('review_leases')
      .set({ staff_id: colleague.id, handed_over_by: actor.id, held: true, claimed_at: new Date(), expires_at: sql<Date>`now() + make_interval(secs => ${HOLD_SECONDS})` })
      .where('item_id', '=', itemId).where('staff_id', '=', actor.id).where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst(), { to: colleague.email });
}

/** Deciding or escalating requires holding the item's lease, or nobody holding one that counts. */
export async function assertMayAct(db: Db, actorId: string, itemId: string): Promise<void> {
  const holder = await leaseOf(db, itemId);
  if (holder && holder.staffId !== actorId) {
    throw new LeaseConflict(`${holder.staffEmail} is reviewing this item (claimed until ${holder.expiresAt.toISOString()}); ask them or wait for the claim to lapse.`);
  }
}

/** Colleagues an item can be sent to: active staff whose role works the item's queue. */
export async function colleaguesFor(db: Db, allowedRoles: readonly StaffRole[], exceptId: string) {
  if (allowedRoles.length === 0) return [];
  return db.selectFrom('staff').select(['id', 'email', 'display_name', 'role'])
    .where('disabled_at', 'is', null).where('role', 'in', [...allowedRoles]).where('id', '!=', exceptId)
    .orderBy('display_name').limit(200).execute();
}
