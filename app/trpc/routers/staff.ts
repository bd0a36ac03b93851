/** Staff administration for admins: invite, disable (revokes sessions), re-role. */
import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import { acceptInvite, inviteByToken, inviteStaff, listInvites, listStaff, setStaffDisabled, setStaffRole } from '../../../db/queries/staff-admin';
import { STAFF_ROLES } from '../../../policies/staff-access';
import { publicProcedure, ROLES, staffProcedure, router } from '../init.server';

export const staffRouter = router({
  /** The invite link's page: public, but only a valid one-time token answers with anything. */
  invite: publicProcedure
    .input(z.object({ token: z.string().max(100) }))
    .query(async ({ ctx, input }) => {
      const invite = await inviteByToken(ctx.db, input.token);
      if (!invite || invite.used_at || invite.expires_at < new Date()) return null;
      return { email: invite.email, role: invite.role };
    }),

  acceptInvite: publicProcedure
    .input(z.object({
      token: z.string().max(100),
      displayName: z.string().trim().min(2, 'enter your name').max(100),
      password: z.string().min(12, 'use at least 12 characters for your password').max(200),
    }))
    .mutation(async ({ ctx, input }) => {
      const staff = await acceptInvite(ctx.db, input.token, input.displayName, await hash(input.password));
      return { email: staff.email };
    }),

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
