import { ROLES, staffProcedure, router } from '../init.server';

export const authRouter = router({
  me: staffProcedure(ROLES.read).query(({ ctx }) => ctx.staff),
});
