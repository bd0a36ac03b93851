/**
 * The prompt policy in the console: the live policy and its history, drafts (overlays on the
 * shipped rules) with shadow mode and backtests, promotion, and the registries compiled into the
 * policy (public figures; copyrighted works that grow from approved copyright opt-outs).
 *
 * Drafts, promotions, backtests and registries are staff-only data: these procedures write them
 * directly, each with an audit entry in the same transaction. The pipeline picks up a promotion or
 * a registry change on its next screening (the screening activity loads them every time).
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  compileOverlay, diffPolicies, LIVE_RULE_SET, NO_CHANGES, POLICY_CATEGORIES, screenWithPolicy, validateRuleSetChanges,
  type PolicyCategory, type RuleSetChanges, type Verdict,
} from '../../../policies';
import { appendAudit } from '../../../db/queries/audit';
import {
  backtestSample, getDraft, getPolicyVersion, listDrafts, listPolicyVersions, listPromotions, listShadowScreenings,
  loadScreeningInputs, recordPolicyVersion, storeRuleSet,
} from '../../../db/queries/policy';
import type { StoredBacktestChange, StoredPolicyMatch } from '../../../db/schema';
import { ROLES, staffProcedure, router } from '../init.server';

const term = z.string().trim().min(1, 'a term cannot be empty').max(200, 'a term is at most 200 characters');
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const category = z.enum(POLICY_CATEGORIES as unknown as [PolicyCategory, ...PolicyCategory[]]);

export const ruleSetChangesSchema = z.object({
  terms: z
    .array(z.object({ groupId: z.string().min(1).max(120), add: z.array(term).max(1000).default([]), remove: z.array(term).max(1000).default([]) }))
    .max(200)
    .default([]),
  newGroups: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9_.-]{3,80}$/, 'use 3–80 lowercase letters, digits, dots, dashes or underscores'),
        category,
        severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
        lang: z.enum(['en', 'id', 'any']),
        terms: z.array(term).min(1, 'a new group needs at least one term').max(5000),
        note: z.string().max(500).optional(),
      }),
    )
    .max(50)
    .default([]),
  thresholds: z.array(z.object({ category, ageBand: z.enum(['adult', 'teen']), reviewAt: level, blockAt: level })).max(22).default([]),
});

const draftId = z.uuid('choose a draft');
const version = z.string().regex(/^[0-9a-f]{16}$/, 'a policy version is 16 hexadecimal characters');

const actor = (staff: { id: string; email: string }) => ({ actorStaffId: staff.id, actorLabel: staff.email });

function refuse(code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST', message: string): never {
  throw new TRPCError({ code, message });
}

export const policyRouter = router({
  /** The live policy as the pipeline uses it right now. */
  live: staffProcedure(ROLES.policy).query(async ({ ctx }) => {
    const inputs = await loadScreeningInputs(ctx.db);
    const live = compileOverlay(inputs.live.changes, inputs.registries);
    const promotion = (await listPromotions(ctx.db))[0] ?? null;
    return {
      version: live.policy.version,
      ruleSetHash: live.ruleSetHash,
      termCount: live.policy.termCount,
      maxLength: live.policy.maxLength,
      promotion,
      changes: inputs.live.changes,
      warnings: live.warnings,
      categories: POLICY_CATEGORIES.map((c) => ({ category: c, ...live.ruleSet.categories[c] })),
      termGroups: live.ruleSet.terms.map((g) => ({ id: g.id, category: g.category, severity: g.severity, lang: g.lang, terms: g.terms, note: g.note ?? null })),
      sources: live.ruleSet.sources,
      registries: inputs.registries,
      shadowDrafts: inputs.shadows.length,
    };
  }),

  /** Promotions (who made what live, when) and every version that ever screened. */
  history: staffProcedure(ROLES.policy).query(async ({ ctx }) => {
    const [promotions, versions] = await Promise.all([listPromotions(ctx.db), listPolicyVersions(ctx.db)]);
    return { promotions, versions };
  }),

  diff: staffProcedure(ROLES.policy)
    .input(z.object({ from: version, to: version }))
    .query(async ({ ctx, input }) => {
      const [from, to] = await Promise.all([getPolicyVersion(ctx.db, input.from), getPolicyVersion(ctx.db, input.to)]);
      if (!from || !to) refuse('NOT_FOUND', `No stored policy version ${!from ? input.from : input.to}; only versions that screened or were promoted are kept.`);
      return {
        from: { version: from.version, firstSeenAt: from.first_seen_at, firstRole: from.first_role },
        to: { version: to.version, firstSeenAt: to.first_seen_at, firstRole: to.first_role },
        diff: diffPolicies({ ruleSet: from.rule_set, registries: from.registries }, { ruleSet: to.rule_set, registries: to.registries }),
      };
    }),

  /** What the playground needs to screen in the browser: overlays and registries (the rules ship in the bundle). */
  playground: staffProcedure(ROLES.policy).query(async ({ ctx }) => {
    const inputs = await loadScreeningInputs(ctx.db);
    const live = compileOverlay(inputs.live.changes, inputs.registries);
    const drafts = await ctx.db
      .selectFrom('policy_drafts')
      .select(['id', 'title', 'state', 'changes'])
      .where('state', 'in', ['draft', 'shadow'])
      .orderBy('updated_at', 'desc')
      .execute();
    return { live: { changes: inputs.live.changes, version: live.policy.version }, registries: inputs.registries, drafts };
  }),

  drafts: staffProcedure(ROLES.policy).query(({ ctx }) => listDrafts(ctx.db)),

  draft: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId }))
    .query(async ({ ctx, input }) => {
      const draft = await getDraft(ctx.db, input.id);
      if (!draft) refuse('NOT_FOUND', 'There is no policy draft with that id.');
      const inputs = await loadScreeningInputs(ctx.db);
      const live = compileOverlay(inputs.live.changes, inputs.registries);
      const compiled = compileOverlay(draft.changes, inputs.registries);
      const [shadow, backtest] = await Promise.all([
        listShadowScreenings(ctx.db, draft.id, { changedOnly: true, limit: 200 }),
        ctx.db
          .selectFrom('policy_backtests')
          .innerJoin('staff', 'staff.id', 'policy_backtests.run_by')
          .selectAll('policy_backtests')
          .select('staff.email as run_by_email')
          .where('draft_id', '=', draft.id)
          .orderBy('run_at', 'desc')
          .limit(1)
          .executeTakeFirst(),
      ]);
      const shadowCounts = await ctx.db
        .selectFrom('policy_shadow_screenings')
        .select(['live_verdict', 'verdict', (eb) => eb.fn.countAll<string>().as('n')])
        .where('draft_id', '=', draft.id)
        .groupBy(['live_verdict', 'verdict'])
        .execute();
      return {
        draft,
        version: compiled.policy.version,
        liveVersion: live.policy.version,
        warnings: compiled.warnings,
        diffFromLive: diffPolicies({ ruleSet: live.ruleSet, registries: {} }, { ruleSet: compiled.ruleSet, registries: {} }),
        shadow: {
          transitions: Object.fromEntries(shadowCounts.map((r) => [`${r.live_verdict}→${r.verdict}`, Number(r.n)])),
          total: shadowCounts.reduce((sum, r) => sum + Number(r.n), 0),
          changed: shadow,
        },
        backtest: backtest ?? null,
        groups: LIVE_RULE_SET.terms.map((g) => ({ id: g.id, category: g.category, severity: g.severity })),
      };
    }),

  /** Creates a draft (starting from the live overlay unless changes are given) or updates one. */
  saveDraft: staffProcedure(ROLES.policy)
    .input(
      z.object({
        id: draftId.optional(),
        title: z.string().trim().min(3, 'give the draft a title of at least 3 characters').max(120),
        note: z.string().trim().max(2000).nullable().default(null),
        changes: ruleSetChangesSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const staff = ctx.staff;
      return ctx.db.transaction().execute(async (trx) => {
        const before = input.id ? await getDraft(trx, input.id) : undefined;
        if (input.id && !before) refuse('NOT_FOUND', 'There is no policy draft with that id.');
        if (before && before.state !== 'draft') {
          refuse('CONFLICT', `This draft is ${before.state}; ${before.state === 'shadow' ? 'stop its shadow run' : 'start a new draft'} before editing it.`);
        }
        const changes: RuleSetChanges = input.changes ?? before?.changes ?? (await latestLiveChanges(trx));
        const problems = validateRuleSetChanges(LIVE_RULE_SET, changes);
        if (problems.length > 0) refuse('BAD_REQUEST', problems.join(' '));
        const compiled = compileOverlay(changes);
        await storeRuleSet(trx, compiled, changes);
        let id: string;
        if (before) {
          await trx
            .updateTable('policy_drafts')
            .set({ title: input.title, note: input.note, changes: JSON.stringify(changes), rule_set_hash: compiled.ruleSetHash, updated_by: staff.id, updated_at: new Date() })
            .where('id', '=', before.id)
            .execute();
          id = before.id;
        } else {
          id = (
            await trx
              .insertInto('policy_drafts')
              .values({
                title: input.title, note: input.note, changes: JSON.stringify(changes), rule_set_hash: compiled.ruleSetHash,
                state: 'draft', created_by: staff.id, updated_by: staff.id,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        }
        await appendAudit(trx, {
          ...actor(staff),
          action: before ? 'policy.draft.update' : 'policy.draft.create',
          subjectType: 'policy_draft',
          subjectId: id,
          before: before ? { title: before.title, changes: before.changes, ruleSetHash: before.rule_set_hash } : undefined,
          after: { title: input.title, changes, ruleSetHash: compiled.ruleSetHash },
        });
        return { id, ruleSetHash: compiled.ruleSetHash, warnings: compiled.warnings };
      });
    }),

  /** Starts or stops a draft's shadow run: while in shadow it screens live traffic without acting. */
  setShadow: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId, shadow: z.boolean() }))
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const draft = await getDraft(trx, input.id);
        if (!draft) refuse('NOT_FOUND', 'There is no policy draft with that id.');
        const from = input.shadow ? 'draft' : 'shadow';
        if (draft.state !== from) refuse('CONFLICT', `This draft is ${draft.state}, so it cannot ${input.shadow ? 'start' : 'stop'} a shadow run.`);
        await trx
          .updateTable('policy_drafts')
          .set({ state: input.shadow ? 'shadow' : 'draft', shadow_since: input.shadow ? new Date() : draft.shadow_since, updated_by: ctx.staff.id, updated_at: new Date() })
          .where('id', '=', draft.id)
          .execute();
        await appendAudit(trx, {
          ...actor(ctx.staff),
          action: input.shadow ? 'policy.draft.shadow_start' : 'policy.draft.shadow_stop',
          subjectType: 'policy_draft',
          subjectId: draft.id,
          before: { state: draft.state },
          after: { state: input.shadow ? 'shadow' : 'draft' },
        });
        return { state: input.shadow ? 'shadow' : 'draft' };
      }),
    ),

  /** Screens the last N stored decisions with the live policy and the draft; reports the verdicts that would change. */
  backtest: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId, limit: z.number().int().min(1).max(5000).default(500) }))
    .mutation(async ({ ctx, input }) => {
      const draft = await getDraft(ctx.db, input.id);
      if (!draft) refuse('NOT_FOUND', 'There is no policy draft with that id.');
      const inputs = await loadScreeningInputs(ctx.db);
      const live = compileOverlay(inputs.live.changes, inputs.registries);
      const candidate = compileOverlay(draft.changes, inputs.registries);
      const sample = await backtestSample(ctx.db, input.limit);
      const transitions: Record<string, number> = {};
      const changed: StoredBacktestChange[] = [];
      let changedCount = 0;
      for (const row of sample) {
        const context = { ageBand: row.age_band, cameoIds: row.cameo_ids, isRemix: row.is_remix };
        const a = screenWithPolicy(live.policy, row.prompt, context);
        const b = screenWithPolicy(candidate.policy, row.prompt, context);
        const key = `${a.verdict}→${b.verdict}`;
        transitions[key] = (transitions[key] ?? 0) + 1;
        if (a.verdict === b.verdict) continue;
        changedCount++;
        if (changed.length < 200) {
          changed.push({
            requestId: row.request_id, prompt: row.prompt, storedVerdict: row.verdict, liveVerdict: a.verdict, draftVerdict: b.verdict,
            draftCategories: b.categories, draftMatches: b.matches as StoredPolicyMatch[], liveMatches: a.matches as StoredPolicyMatch[],
          });
        }
      }
      const summary = { sampleSize: sample.length, changedCount, transitions, draftVersion: candidate.policy.version, liveVersion: live.policy.version };
      const id = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('policy_backtests')
          .values({
            draft_id: draft.id, draft_version: candidate.policy.version, live_version: live.policy.version, sample_size: sample.length,
            changed_count: changedCount, transitions: JSON.stringify(transitions), changed: JSON.stringify(changed), run_by: ctx.staff.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, { ...actor(ctx.staff), action: 'policy.draft.backtest', subjectType: 'policy_draft', subjectId: draft.id, after: summary });
        return row.id;
      });
      return { id, ...summary, changed };
    }),

  /** Makes a draft the live policy for the pipeline (its next screening uses it). */
  promote: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId, note: z.string().trim().max(2000).nullable().default(null) }))
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const draft = await getDraft(trx, input.id);
        if (!draft) refuse('NOT_FOUND', 'There is no policy draft with that id.');
        if (draft.state !== 'draft' && draft.state !== 'shadow') refuse('CONFLICT', `This draft is ${draft.state}; only drafts and drafts in shadow can be promoted.`);
        const inputs = await loadScreeningInputs(trx);
        const before = compileOverlay(inputs.live.changes, inputs.registries);
        const after = compileOverlay(draft.changes, inputs.registries);
        await recordPolicyVersion(trx, after, { changes: draft.changes, draftId: draft.id, role: 'live' });
        const promotion = await trx
          .insertInto('policy_promotions')
          .values({ draft_id: draft.id, rule_set_hash: after.ruleSetHash, changes: JSON.stringify(draft.changes), promoted_by: ctx.staff.id, note: input.note })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.updateTable('policy_drafts').set({ state: 'promoted', updated_by: ctx.staff.id, updated_at: new Date() }).where('id', '=', draft.id).execute();
        await appendAudit(trx, {
          ...actor(ctx.staff),
          action: 'policy.promote',
          subjectType: 'policy_draft',
          subjectId: draft.id,
          before: { version: before.policy.version, ruleSetHash: before.ruleSetHash, draftId: inputs.live.draftId },
          after: { version: after.policy.version, ruleSetHash: after.ruleSetHash, promotionId: promotion.id, note: input.note },
        });
        return { promotionId: promotion.id, version: after.policy.version, previousVersion: before.policy.version };
      }),
    ),

  /** Makes the shipped rules live again (a rollback of every promoted overlay). */
  restoreShipped: staffProcedure(ROLES.policy)
    .input(z.object({ note: z.string().trim().min(3, 'say why the shipped rules are restored').max(2000) }))
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const inputs = await loadScreeningInputs(trx);
        const before = compileOverlay(inputs.live.changes, inputs.registries);
        const after = compileOverlay(NO_CHANGES, inputs.registries);
        await recordPolicyVersion(trx, after, { changes: NO_CHANGES, draftId: null, role: 'live' });
        const promotion = await trx
          .insertInto('policy_promotions')
          .values({ draft_id: null, rule_set_hash: after.ruleSetHash, changes: JSON.stringify(NO_CHANGES), promoted_by: ctx.staff.id, note: input.note })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          ...actor(ctx.staff), action: 'policy.restore_shipped', subjectType: 'policy', subjectId: 'live',
          before: { version: before.policy.version, draftId: inputs.live.draftId }, after: { version: after.policy.version, promotionId: promotion.id, note: input.note },
        });
        return { version: after.policy.version };
      }),
    ),

  discardDraft: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId }))
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const draft = await getDraft(trx, input.id);
        if (!draft) refuse('NOT_FOUND', 'There is no policy draft with that id.');
        if (draft.state === 'promoted' || draft.state === 'discarded') refuse('CONFLICT', `This draft is already ${draft.state}.`);
        await trx.updateTable('policy_drafts').set({ state: 'discarded', updated_by: ctx.staff.id, updated_at: new Date() }).where('id', '=', draft.id).execute();
        await appendAudit(trx, { ...actor(ctx.staff), action: 'policy.draft.discard', subjectType: 'policy_draft', subjectId: draft.id, before: { state: draft.state }, after: { state: 'discarded' } });
        return { state: 'discarded' as const };
      }),
    ),

  /** Registries compiled into the policy, and the copyright opt-out requests they grow from. */
  registries: staffProcedure(ROLES.policy_registries).query(async ({ ctx }) => {
    const [figures, works, optouts] = await Promise.all([
      ctx.db
        .selectFrom('public_figures')
        .leftJoin('cameos', 'cameos.id', 'public_figures.cameo_id')
        .selectAll('public_figures')
        .select('cameos.display_name as cameo_name')
        .orderBy('public_figures.name')
        .execute(),
      ctx.db.selectFrom('copyrighted_works').selectAll().orderBy('name').execute(),
      ctx.db
        .selectFrom('copyright_optout_requests')
        .leftJoin('staff', 'staff.id', 'copyright_optout_requests.decided_by')
        .selectAll('copyright_optout_requests')
        .select('staff.email as decided_by_email')
        .orderBy('copyright_optout_requests.created_at', 'desc')
        .limit(200)
        .execute(),
    ]);
    return { figures, works, optouts };
  }),

  savePublicFigure: staffProcedure(ROLES.policy)
    .input(
      z
        .object({
          id: z.uuid().optional(),
          name: z.string().trim().min(2, 'give the full name').max(120),
          aliases: z.array(z.string().trim().min(2).max(120)).max(20).default([]),
          living: z.boolean(),
          optedIn: z.boolean().default(false),
          cameoId: z.uuid().nullable().default(null),
          estateOptedOut: z.boolean().default(false),
          note: z.string().trim().max(500).nullable().default(null),
        })
        .refine((f) => f.living || !f.optedIn, { message: 'only a living person can opt in as a cameo', path: ['optedIn'] })
        .refine((f) => !f.living || !f.estateOptedOut, { message: 'an estate opts out only for someone who has died', path: ['estateOptedOut'] }),
    )
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const before = input.id ? await trx.selectFrom('public_figures').selectAll().where('id', '=', input.id).executeTakeFirst() : undefined;
        if (input.id && !before) refuse('NOT_FOUND', 'There is no public figure with that id.');
        const values = {
          name: input.name, aliases: JSON.stringify(input.aliases), living: input.living, opted_in: input.optedIn,
          cameo_id: input.cameoId, estate_opted_out: input.estateOptedOut, note: input.note,
        };
        let id: string;
        try {
          id = before
            ? (await trx.updateTable('public_figures').set({ ...values, updated_at: new Date() }).where('id', '=', before.id).returning('id').executeTakeFirstOrThrow()).id
            : (await trx.insertInto('public_figures').values(values).returning('id').executeTakeFirstOrThrow()).id;
        } catch (error) {
          if ((error as { code?: string }).code === '23505') refuse('CONFLICT', `${input.name} is already in the registry.`);
          if ((error as { code?: string }).code === '23503') refuse('BAD_REQUEST', 'That cameo does not exist.');
          throw error;
        }
        await appendAudit(trx, {
          ...actor(ctx.staff), action: before ? 'policy.public_figure.update' : 'policy.public_figure.create', subjectType: 'public_figure', subjectId: id,
          before: before ?? undefined, after: input,
        });
        return { id };
      }),
    ),

  /** Records a rights holder's request that a character, work or brand not be generated. */
  submitCopyrightOptOut: staffProcedure(ROLES.copyright_optouts)
    .input(
      z.object({
        name: z.string().trim().min(2, 'name the character, work or brand').max(120),
        aliases: z.array(z.string().trim().min(2).max(120)).max(20).default([]),
        owner: z.string().trim().min(2, 'name the rights holder').max(200),
        kind: z.enum(['character', 'work', 'brand']),
        contact: z.string().trim().min(3, 'give a contact for the rights holder').max(200),
        evidence: z.string().trim().max(4000).nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('copyright_optout_requests')
          .values({ ...input, aliases: JSON.stringify(input.aliases), submitted_by: ctx.staff.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(trx, { ...actor(ctx.staff), action: 'copyright_optout.submit', subjectType: 'copyright_optout_request', subjectId: row.id, after: input });
        return { id: row.id };
      }),
    ),

  /** Approving adds the entry to the copyright registry, which the next screening compiles in (a new policy version). */
  decideCopyrightOptOut: staffProcedure(ROLES.copyright_optouts)
    .input(z.object({ id: z.uuid(), decision: z.enum(['approve', 'deny']), note: z.string().trim().max(2000).nullable().default(null) }))
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction().execute(async (trx) => {
        const request = await trx.selectFrom('copyright_optout_requests').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
        if (!request) refuse('NOT_FOUND', 'There is no copyright opt-out request with that id.');
        if (request.state !== 'pending') refuse('CONFLICT', `This request was already ${request.state}; nothing was changed.`);
        const state = input.decision === 'approve' ? 'approved' : 'denied';
        await trx
          .updateTable('copyright_optout_requests')
          .set({ state, decided_by: ctx.staff.id, decided_at: new Date(), decision_note: input.note })
          .where('id', '=', request.id)
          .execute();
        if (state === 'approved') {
          await trx
            .insertInto('copyrighted_works')
            .values({ name: request.name, aliases: JSON.stringify(request.aliases), owner: request.owner, kind: request.kind, optout_request_id: request.id })
            // Already registered under this name (another owner's request): keep the entry, record the decision.
            .onConflict((oc) => oc.column('name').doNothing())
            .execute();
        }
        await appendAudit(trx, {
          ...actor(ctx.staff), action: `copyright_optout.${state === 'approved' ? 'approve' : 'deny'}`, subjectType: 'copyright_optout_request',
          subjectId: request.id, before: { state: request.state }, after: { state, note: input.note, name: request.name },
        });
        return { state };
      }),
    ),
});

async function latestLiveChanges(db: Parameters<typeof loadScreeningInputs>[0]): Promise<RuleSetChanges> {
  return (await loadScreeningInputs(db)).live.changes;
}

export type VerdictTransition = `${Verdict}→${Verdict}`;
