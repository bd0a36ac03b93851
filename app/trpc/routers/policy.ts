/**
 * The prompt policy in the console: the live policy and its history, drafts (overlays on the
 * shipped rules) with shadow mode and backtests, promotion, and the registries compiled into the
 * policy (public figures; since issue 13 the works registry is /copyright/works, and the old copyright
 * opt-out requests are read-only history).
 *
 * Each procedure declares who may call it, validates its input and makes one service call
 * (app/services/policy-*.server.ts); a service's refusal becomes a tRPC error in init.server.ts.
 */
import { z } from 'zod';
import {
  EXEMPLAR_LANGS, EXEMPLAR_MAX_CHARS, POLICY_CATEGORIES, SEMANTIC_SETTING_BOUNDS, type ExemplarLabel, type ExemplarLang, type PolicyCategory,
} from '../../../policies';
import { listDrafts } from '../../../db/queries/policy-drafts';
import { listRegistryEntries } from '../../../db/queries/policy-registries';
import {
  backtestDraft, discardDraft, draftBacktestProgress, draftDetail, saveDraft, searchExemplars, setDraftShadow,
} from '../../services/policy-drafts.server';
import { POLICY_BACKTEST_MAX_SAMPLE } from '../../../contracts/policy-backtest';
import { promoteDraft, restoreShippedRules } from '../../services/policy-promotions.server';
import { REGISTRY_FORMATS } from '../../../db/protected-persons/import';
import { importRegistryFile, REGISTRY_IMPORT_MAX_CHARS, savePublicFigure } from '../../services/policy-registries.server';
import { diffPolicyVersions, livePolicy, playgroundInputs, policyHistory } from '../../services/policy-versions.server';
import { deleteReferenceFace, referenceFacesForPage } from '../../services/reference-faces.server';
import { semanticPreview } from '../../services/semantic-preview.server';
import { SEMANTIC_PREVIEW_MAX_CHARS } from '../../../contracts';
import { ROLES, staffProcedure, router } from '../init.server';

const term = z.string().trim().min(1, 'a term cannot be empty').max(200, 'a term is at most 200 characters');
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
const category = z.enum(POLICY_CATEGORIES as unknown as [PolicyCategory, ...PolicyCategory[]]);
const exemplarLabel = z.enum([...POLICY_CATEGORIES, 'benign'] as unknown as [ExemplarLabel, ...ExemplarLabel[]], {
  message: 'an exemplar\'s label is a policy category or benign',
});
const kBounds = `k is from ${SEMANTIC_SETTING_BOUNDS.k.min} to ${SEMANTIC_SETTING_BOUNDS.k.max} nearest exemplars per label`;
const margin = (name: string) => {
  const bounds = `${name} is from ${SEMANTIC_SETTING_BOUNDS.margin.min} to ${SEMANTIC_SETTING_BOUNDS.margin.max}`;
  return z.number().min(SEMANTIC_SETTING_BOUNDS.margin.min, bounds).max(SEMANTIC_SETTING_BOUNDS.margin.max, bounds).optional();
};

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
  /** Issue 14: semantic exemplars added (text, label, language) and removed (by id); validated further by validateRuleSetChanges. */
  exemplars: z
    .object({
      add: z
        .array(
          z.object({
            text: z.string().trim().min(1, 'an exemplar cannot be empty').max(EXEMPLAR_MAX_CHARS, `an exemplar is at most ${EXEMPLAR_MAX_CHARS} characters`),
            label: exemplarLabel,
            lang: z.enum(EXEMPLAR_LANGS as unknown as [ExemplarLang, ...ExemplarLang[]], { message: `an exemplar's language is one of ${EXEMPLAR_LANGS.join(', ')}` }),
          }),
        )
        .max(500, 'a draft adds at most 500 exemplars')
        .default([]),
      remove: z.array(z.string().trim().min(1, 'name the exemplar to remove by its id').max(40, 'an exemplar id is at most 40 characters')).max(2000).default([]),
    })
    .optional(),
  /** Issue 14: semantic settings that differ from the shipped ones (bounds: SEMANTIC_SETTING_BOUNDS). */
  semanticSettings: z
    .object({
      k: z.number().int('k is a whole number').min(SEMANTIC_SETTING_BOUNDS.k.min, kBounds).max(SEMANTIC_SETTING_BOUNDS.k.max, kBounds).optional(),
      reviewMargin: margin('the review margin'),
      blockMargin: margin('the block margin'),
    })
    .optional(),
});

const draftId = z.uuid('choose a draft');
const version = z.string().regex(/^[0-9a-f]{16}$/, 'a policy version is 16 hexadecimal characters');

export const policyRouter = router({
  /** The live policy as the pipeline uses it right now. */
  live: staffProcedure(ROLES.policy).query(({ ctx }) => livePolicy(ctx.db)),

  /** Promotions (who made what live, when) and every version that ever screened. */
  history: staffProcedure(ROLES.policy).query(({ ctx }) => policyHistory(ctx.db)),

  diff: staffProcedure(ROLES.policy)
    .input(z.object({ from: version, to: version }))
    .query(({ ctx, input }) => diffPolicyVersions(ctx.db, input.from, input.to)),

  /** What the playground needs to screen in the browser: overlays and registries (the rules ship in the bundle). */
  playground: staffProcedure(ROLES.policy).query(({ ctx }) => playgroundInputs(ctx.db)),

  /**
   * Issue 14: the semantic verdict of a typed prompt, from a worker (the model is not loaded in the
   * console): the semantic outcome under the live policy's exemplars (or a draft's) and the rules'
   * verdict combined with it. A read: nothing stored, nothing audited. Sent as a POST (a mutation in
   * tRPC's words) because a 2000-character prompt does not fit in a query's URL (2000 CJK characters
   * are 18 kB encoded, past Node's 16 kB header limit), and a POST is Origin-checked, so another site
   * cannot make a signed-in browser spend a worker's time.
   */
  semanticPreview: staffProcedure(ROLES.policy)
    .input(
      z.object({
        text: z
          .string()
          .min(1, 'type a prompt first: an empty prompt has no meaning to compare')
          .max(SEMANTIC_PREVIEW_MAX_CHARS, `a prompt in the playground is at most ${SEMANTIC_PREVIEW_MAX_CHARS} characters`),
        draftId: draftId.nullable().default(null),
        ageBand: z.enum(['adult', 'teen']).default('adult'),
        withCameo: z.boolean().default(false),
        isRemix: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) => semanticPreview(ctx, input)),

  drafts: staffProcedure(ROLES.policy).query(({ ctx }) => listDrafts(ctx.db)),

  draft: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId }))
    .query(({ ctx, input }) => draftDetail(ctx.db, input.id)),

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
    .mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.staff, input)),

  /** Starts or stops a draft's shadow run: while in shadow it screens live traffic without acting. */
  setShadow: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId, shadow: z.boolean() }))
    .mutation(({ ctx, input }) => setDraftShadow(ctx.db, ctx.staff, input.id, input.shadow)),

  /**
   * Screens the last N stored decisions with the live policy and the draft, the semantic layer
   * included (issue 14: on a worker, about 13 ms per prompt and side); reports the verdicts that would change.
   */
  backtest: staffProcedure(ROLES.policy)
    .input(
      z.object({
        id: draftId,
        limit: z
          .number()
          .int('the sample is a whole number of decisions')
          .min(1, 'backtest at least 1 decision')
          .max(POLICY_BACKTEST_MAX_SAMPLE, `a backtest screens at most ${POLICY_BACKTEST_MAX_SAMPLE} decisions (about a minute with the semantic layer)`)
          .default(500),
      }),
    )
    .mutation(({ ctx, input }) => backtestDraft(ctx, ctx.staff, input.id, input.limit)),

  /** Issue 14: how far a draft's running backtest got (prompts classified of the sample), for the page to show while it waits. */
  backtestProgress: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId }))
    .query(({ ctx, input }) => draftBacktestProgress(ctx, input.id)),

  /** Issue 14: the shipped semantic exemplars whose text contains the query (or whose id starts with it), for a draft's "remove an exemplar". */
  searchExemplars: staffProcedure(ROLES.policy)
    .input(z.object({ draftId, query: z.string().trim().min(2, 'type at least 2 characters to search the exemplars').max(200, 'search with at most 200 characters') }))
    .query(({ ctx, input }) => searchExemplars(ctx.db, input.draftId, input.query)),

  /** Makes a draft the live policy for the pipeline (its next screening uses it). */
  promote: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId, note: z.string().trim().max(2000).nullable().default(null) }))
    .mutation(({ ctx, input }) => promoteDraft(ctx.db, ctx.staff, input.id, input.note)),

  /** Makes the shipped rules live again (a rollback of every promoted overlay). */
  restoreShipped: staffProcedure(ROLES.policy)
    .input(z.object({ note: z.string().trim().min(3, 'say why the shipped rules are restored').max(2000) }))
    .mutation(({ ctx, input }) => restoreShippedRules(ctx.db, ctx.staff, input.note)),

  discardDraft: staffProcedure(ROLES.policy)
    .input(z.object({ id: draftId }))
    .mutation(({ ctx, input }) => discardDraft(ctx.db, ctx.staff, input.id)),

  /** Public figures, the pre-issue-13 copyright works and opt-out requests (read-only history; the works registry is copyrightWorks). */
  registries: staffProcedure(ROLES.policy_registries).query(({ ctx }) => listRegistryEntries(ctx.db)),

  /** Issue 12: the protected persons' reference face photos and their analysis (never an embedding). */
  referenceFaces: staffProcedure(ROLES.policy_registries).query(({ ctx }) => referenceFacesForPage(ctx.db)),

  /** Issue 12: deletes a reference face photo and its stored embeddings (legal, admins; audited). */
  deleteReferenceFace: staffProcedure(ROLES.reference_faces)
    .input(z.object({ imageId: z.uuid({ message: 'imageId must be the id (UUID) of a reference face photo' }) }))
    .mutation(({ ctx, input }) => deleteReferenceFace(ctx, ctx.staff, input.imageId)),

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
    .mutation(({ ctx, input }) => savePublicFigure(ctx.db, ctx.staff, input)),

  /**
   * Imports a protected-persons list (CSV or Wikidata-style JSON) into the registry; `dryRun`
   * previews the counts without writing. The console's upload form calls it with the file's text.
   */
  importRegistry: staffProcedure(ROLES.registry_import)
    .input(
      z.object({
        fileName: z.string().trim().min(1, 'name the file').max(200),
        text: z.string().min(1, 'the file is empty').max(REGISTRY_IMPORT_MAX_CHARS, `a registry file is at most ${REGISTRY_IMPORT_MAX_CHARS / 1024 / 1024} MB`),
        format: z.enum(REGISTRY_FORMATS).optional(),
        dryRun: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => importRegistryFile(ctx.db, ctx.staff, input)),
});
