/**
 * The works registry and the copyright stance (issue 13, /copyright/works). Each procedure declares
 * who may call it, validates its input with zod and makes one service call
 * (app/services/copyright-works.server.ts); refusals become tRPC errors with their sentence.
 */
import { z } from 'zod';
import { COPYRIGHT_IMPORT_MAX_CHARS } from '../../../db/copyright-works/import';
import { COPYRIGHT_ENTITY_KINDS, COPYRIGHT_RULES, COPYRIGHT_STANCES } from '../../../policies/copyright/types';
import { backtestPromotion, editWork, importWorks, promoteShadowWorks, setStance, workDetail, worksPage } from '../../services/copyright-works.server';
import { ROLES, staffProcedure, router } from '../init.server';

const entityId = z.uuid({ message: 'id must be the id (UUID) of a works registry entry' });
const territory = z.string().trim().transform((t) => (t.toLowerCase() === 'worldwide' ? 'worldwide' : t.toUpperCase()))
  .refine((t) => t === 'worldwide' || /^[A-Z]{2}$/.test(t), { message: 'a territory is an ISO 3166-1 alpha-2 code such as US or ID, or worldwide' });
const alias = z.object({
  name: z.string().trim().min(1, 'an alias needs a name').max(200),
  lang: z.string().trim().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag looks like en, ja or zh-Hant'),
});
const selection = z.union([
  z.object({ ids: z.array(entityId).min(1, 'choose at least one entry').max(5000) }),
  z.object({ source: z.string().trim().min(3, 'name a source such as "npm superheroes" or "import works.csv"').max(300) }),
]);

export const copyrightWorksRouter = router({
  /** One keyset page of the registry (by name), with filters, the stance and counts. */
  list: staffProcedure(ROLES.copyright)
    .input(
      z.object({
        search: z.string().trim().max(200).optional(),
        kind: z.enum(COPYRIGHT_ENTITY_KINDS).optional(),
        rule: z.enum([...COPYRIGHT_RULES, 'none']).optional(),
        enforcement: z.enum(['shadow', 'live']).optional(),
        demo: z.boolean().optional(),
        source: z.string().trim().max(300).optional(),
        after: z.tuple([z.string().max(300), z.uuid()]).nullable().default(null),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => {
      const { after, limit, ...filter } = input;
      return worksPage(ctx.db, filter, { after, limit });
    }),

  detail: staffProcedure(ROLES.copyright).input(z.object({ id: entityId })).query(({ ctx, input }) => workDetail(ctx.db, input.id)),

  /** Edits an entity's rule, conditions, aliases, territories, public domain or owner (legal, admins). */
  edit: staffProcedure(ROLES.copyright_works_edit)
    .input(
      z.object({
        id: entityId,
        rule: z.enum(COPYRIGHT_RULES).nullable().optional(),
        conditions: z.string().trim().max(2000).nullable().optional(),
        aliases: z.array(alias).max(100).optional(),
        territories: z.array(territory).max(250).optional(),
        publicDomain: z.boolean().optional(),
        owner: z.string().trim().max(300).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id, ...edit } = input;
      return editWork(ctx.db, ctx.staff, id, edit);
    }),

  /** Switches the deployment's stance (admins). */
  setStance: staffProcedure(ROLES.copyright_stance)
    .input(z.object({ stance: z.enum(COPYRIGHT_STANCES, { message: 'the stance is opt_in or opt_out' }) }))
    .mutation(({ ctx, input }) => setStance(ctx.db, ctx.staff, input.stance)),

  /** Imports a CSV or JSON file (the console's upload sends its text); `dryRun` only counts. */
  import: staffProcedure(ROLES.copyright_works_import)
    .input(
      z.object({
        fileName: z.string().trim().min(1, 'name the file').max(200),
        text: z.string().min(1, 'the file is empty').max(COPYRIGHT_IMPORT_MAX_CHARS, `a works file is at most ${COPYRIGHT_IMPORT_MAX_CHARS / 1024 / 1024} MB`),
        dryRun: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) => importWorks(ctx.db, ctx.staff, input)),

  /** What promoting shadow entries would change over stored prompts (policy managers, admins). */
  backtest: staffProcedure(ROLES.copyright_works_promote)
    .input(z.object({ which: selection, limit: z.number().int().min(10).max(5000).default(1000) }))
    .mutation(({ ctx, input }) => backtestPromotion(ctx.db, ctx.staff, input.which, input.limit)),

  /** Makes shadow entries live (policy managers, admins). */
  promote: staffProcedure(ROLES.copyright_works_promote)
    .input(z.object({ which: selection }))
    .mutation(({ ctx, input }) => promoteShadowWorks(ctx.db, ctx.staff, input.which)),
});
