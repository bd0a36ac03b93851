/** Staff administration for admins: invite, disable (revokes sessions), re-role. */
import { z } from 'zod';
import { inviteStaff, listInvites, listStaff, setStaffDisabled, setStaffRole } from '../../../db/queries/staff-admin';
import { liveInvite, redeemInvite } from '../../services/staff-invites.server';
import { STAFF_ROLES } from '../../../policies/staff-access';
import { publicProcedure, ROLES, staffProcedure, router } from '../init.server';

export const staffRouter = router({
  /** The invite link's page: public, but only a valid one-time token answers with anything. */
  invite: publicProcedure
    .input(z.object({ token: z.string().max(100) }))
    .query(({ ctx, input }) => liveInvite(ctx.db, input.token)),

  acceptInvite: publicProcedure
    .input(z.object({
      token: z.string().max(100),
      displayName: z.string().trim().min(2, 'enter your name').max(100),
      password: z.string().min(12, 'use at least 12 characters for your password').max(200),
    }))
    // Limited per address, and the token is checked before the password is hashed (staff-invites.server.ts).
    .mutation(({ ctx, input }) => redeemInvite(ctx.db, { ...input, clientAddress: ctx.clientAddress ?? null })),

  list: staffProcedure(ROLES.admin).query(async ({ ctx }) => {
    const [staff, invites] = await Promise.all([listStaff(ctx.db), listInvites(ctx.db)]);
    return { staff, invites };
  }),

  createInvite: staffProcedure(ROLES.admin)
    .input(z.object({ email: z.email({ message: 'enter the colleague’s work email' }), role: z.enum(STAFF_ROLES) }))
    .mutation(async ({ ctx, input }) => {
      const { token } = await inviteStaff(ctx.db, ctx.staff, input.email, input.role);
      return { invitePath: `/admin/invite/${token}` };
    }),

  setDisabled: staffProcedure(ROLES.admin)
    .input(z.object({ staffId: z.uuid(), disabled: z.boolean() }))
    .mutation(({ ctx, input }) => setStaffDisabled(ctx.db, ctx.staff, input.staffId, input.disabled)),

  setRole: staffProcedure(ROLES.admin)
    .input(z.object({ staffId: z.uuid(), role: z.enum(STAFF_ROLES) }))
    .mutation(({ ctx, input }) => setStaffRole(ctx.db, ctx.staff, input.staffId, input.role)),
});
