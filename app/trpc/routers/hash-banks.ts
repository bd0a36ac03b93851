/**
 * Hash banks for the copyright console (issue 13, /copyright/banks): the banks and open flood
 * alerts, creating an imported bank, importing a hash list, switching a bank on or off, its cut-off,
 * and flood alert decisions. Each procedure declares its roles and makes one service call.
 */
import { z } from 'zod';
import {
  createImportBank, decideFloodAlert, setFloodRule, HASH_LIST_MAX_CHARS, hashBanksForConsole, importBankHashes, newImportBankSchema, setHashBankCutoff, setHashBankEnabled,
} from '../../services/hash-banks.server';
import { floodRuleSchema } from '../../../db/queries/hash-banks';
import { ROLES, staffProcedure, router } from '../init.server';

export const hashBanksRouter = router({
  /** Banks with counts, and open flood alerts. */
  list: staffProcedure(ROLES.copyright_banks_read).query(({ ctx }) => hashBanksForConsole(ctx.db)),

  create: staffProcedure(ROLES.copyright_banks).input(newImportBankSchema).mutation(({ ctx, input }) => createImportBank(ctx.db, ctx.staff, input)),

  /** A CSV or JSON hash list's text, imported whole or refused with every bad line named. */
  importHashes: staffProcedure(ROLES.copyright_banks)
    .input(z.object({
      bankId: z.uuid(),
      fileName: z.string().trim().min(1, 'name the file').max(200),
      text: z.string().min(1, 'the file is empty').max(HASH_LIST_MAX_CHARS, `a hash list is at most ${HASH_LIST_MAX_CHARS / 1024 / 1024} MB`),
    }))
    .mutation(({ ctx, input }) => importBankHashes(ctx.db, ctx.staff, input)),

  setEnabled: staffProcedure(ROLES.copyright_banks)
    .input(z.object({ bankId: z.uuid(), enabled: z.boolean() }))
    .mutation(({ ctx, input }) => setHashBankEnabled(ctx, ctx.staff, input)),

  setCutoff: staffProcedure(ROLES.copyright_banks)
    .input(z.object({ bankId: z.uuid(), cutoff: z.number().int().min(0, 'the cut-off is 0 to 31 bits').max(31, 'the cut-off is 0 to 31 bits') }))
    .mutation(({ ctx, input }) => setHashBankCutoff(ctx.db, ctx.staff, input)),

  decideFloodAlert: staffProcedure(ROLES.copyright_banks)
    .input(z.object({ alertId: z.uuid(), decision: z.enum(['confirm', 'release']), note: z.string().trim().min(3, 'say why, for the audit log').max(500) }))
    .mutation(({ ctx, input }) => decideFloodAlert(ctx.db, ctx.staff, input)),

  /** The deployment's flood rule (admin). */
  setFloodRule: staffProcedure(ROLES.admin).input(floodRuleSchema).mutation(({ ctx, input }) => setFloodRule(ctx.db, ctx.staff, input)),
});
