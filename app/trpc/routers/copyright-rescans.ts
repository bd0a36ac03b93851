/**
 * Copyright rescans for the legal console (issue 13, /copyright/rescans): the recent rescans with
 * their progress, rate and ETA; start one against chosen banks; pause, resume or cancel one. Every
 * command is audited by the service and sent to the workflow as a signal (the app never writes a
 * rescan's row).
 */
import { z } from 'zod';
import {
  commandCopyrightRescan, listRecentCopyrightRescans, RESCAN_COMMANDS, startCopyrightRescanByStaff,
} from '../../services/copyright-rescans.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const copyrightRescansRouter = router({
  recent: staffProcedure(ROLES.copyright_rescans)
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listRecentCopyrightRescans(ctx, input.limit)),

  /** Rescans the published catalogue against `bankIds` (the first is recorded as the trigger). */
  start: staffProcedure(ROLES.copyright_rescans)
    .input(z.object({ bankIds: z.array(z.uuid()).min(1, 'Choose at least one hash bank.').max(100) }))
    .mutation(({ ctx, input }) => startCopyrightRescanByStaff(ctx, ctx.staff, input)),

  /** Pause, resume or cancel a rescan. */
  command: staffProcedure(ROLES.copyright_rescans)
    .input(z.object({ rescanId: z.uuid(), command: z.enum(RESCAN_COMMANDS) }))
    .mutation(({ ctx, input }) => commandCopyrightRescan(ctx, ctx.staff, input)),
});
