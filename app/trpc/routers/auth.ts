import { procedure, ROLES, router } from '../init.server';

export const authRouter = router({
  me: procedure.meta({ roles: ROLES.read }).query(({ ctx }) => ctx.staff),
});
