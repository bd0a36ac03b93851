/**
 * Test data of copyright disputes (issue 13): a creator's copyright takedown or block with the
 * claim, entity, bank, bank hash and match behind it, written directly (the parts that normally
 * write them, INTAKE's claims, BANKS' matches and RESCAN's takedowns, have their own tests), and the
 * claimant's answer token read from the outbox message that carries it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { upsertCopyrightEntity } from '../../db/queries/copyright-entities';
import { createCreator, type TestContext } from './fixtures';

/**
 * A creator's video (published, then taken down by a copyright rescan with a strike) or request
 * (blocked by the pipeline), and the match that did it, on an entity claimed by a claimant (or a
 * listed entity with no claimant).
 */
export async function copyrightMatchFor(ctx: TestContext, options: { action: 'taken_down' | 'blocked'; claimant: boolean }) {
  const creator = await createCreator(ctx.db);
  const suffix = randomUUID().slice(0, 8);
  const claimId = options.claimant ? randomUUID() : null;
  const claimantEmail = `rights-${suffix}@studio.example`;
  if (claimId) {
    await sql`INSERT INTO copyright_claims (id, claimant_name, contact_email, statement, state, status_token_hash)
      VALUES (${claimId}, ${'Studio ' + suffix}, ${claimantEmail}, 'We own the character.', 'approved', ${randomBytes(32).toString('hex')})`.execute(ctx.db);
  }
  const entityId = await upsertCopyrightEntity(ctx.db, {
    name: `Dispute Test Character ${suffix}`, kind: 'character', aliases: [], owner: `Studio ${suffix}`, territories: ['worldwide'], rule: 'block',
    conditions: null, publicDomain: false, source: 'test', licence: 'test', sourceDate: null, demo: true, enforcement: 'shadow', claimId,
  });
  const requestId = randomUUID();
  await ctx.db.insertInto('generation_requests').values({
    id: requestId, creator_id: creator.id, prompt: `an original hero ${suffix}`, prompt_sha256: 'x', duration_seconds: 2, width: 64, height: 64, seed: 1,
    status: options.action === 'blocked' ? 'blocked' : 'published', status_reason: options.action === 'blocked' ? 'matches a copyrighted work' : null,
  }).execute();
  let videoId: string | null = null;
  if (options.action === 'taken_down') {
    videoId = randomUUID();
    await ctx.db.insertInto('videos').values({
      id: videoId, request_id: requestId, creator_id: creator.id, storage_key: `test/${videoId}.mp4`, sha256: randomBytes(32).toString('hex'), byte_size: 1000,
      duration_seconds: 2, width: 64, height: 64, generator: JSON.stringify({ id: 'test', name: 'test', version: '1' }), status: 'removed',
      published_at: new Date(Date.now() - 3_600_000), removed_reason: 'matches a copyrighted work', removed_at: new Date(),
    }).execute();
    await ctx.db.insertInto('creator_strikes').values({
      creator_id: creator.id, request_id: requestId, reason: 'Video taken down for copyright: matches a copyrighted work', dedupe_key: `${videoId}:takedown`,
    }).execute();
  }
  const { rows: [bank] } = await sql<{ id: string }>`INSERT INTO hash_banks (name, kind, owner, entity_id, claim_id, source)
    VALUES (${'dispute bank ' + suffix}, 'positive', ${'Studio ' + suffix}, ${entityId}, ${claimId}, 'reference_media') RETURNING id`.execute(ctx.db);
  const { rows: [hash] } = await sql<{ id: string }>`INSERT INTO bank_hashes (bank_id, hash) VALUES (${bank!.id}, ${randomBytes(32)}) RETURNING id`.execute(ctx.db);
  const { rows: [match] } = await sql<{ id: string }>`INSERT INTO copyright_matches (bank_id, bank_hash_id, entity_id, request_id, video_id, distance, action, source, rescan_id)
    VALUES (${bank!.id}, ${hash!.id}, ${entityId}, ${options.action === 'blocked' ? requestId : null}, ${videoId}, 4, ${options.action},
            ${options.action === 'blocked' ? 'pipeline' : 'rescan'}, ${options.action === 'blocked' ? null : randomUUID()}) RETURNING id`.execute(ctx.db);
  return { creator, requestId, videoId, matchId: match!.id, entityId, claimantEmail };
}

/** The raw answer token from the claimant's first message (the outbox a mail relay sends). */
export async function disputeAnswerToken(ctx: TestContext, disputeId: string): Promise<string> {
  const message = await ctx.db.selectFrom('copyright_dispute_messages').select('body')
    .where('dispute_id', '=', disputeId).where('dedupe_key', '=', `${disputeId}:claimant-dispute`).executeTakeFirstOrThrow();
  const token = /\/copyright-dispute\/([A-Za-z0-9_-]+)/.exec(message.body)?.[1];
  if (!token) throw new Error(`The claimant's message of dispute ${disputeId} carries no answer link.`);
  return token;
}
