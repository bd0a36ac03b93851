/** App clients of the app-facing API (/api/v1), for admins: list, create, rotate a key, disable. Every change is audited. */
import { listAppClients } from '../../../db/queries/app-clients';
import { staffActor } from '../../../db/queries/audit';
import {
  createAppClient, createAppClientInput, disableAppClientInput, disableClient, rotateAppClient, rotateAppClientInput,
} from '../../services/app-api/app-clients.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const appClientsRouter = router({
  list: staffProcedure(ROLES.admin).query(({ ctx }) => listAppClients(ctx.db)),

  /** Answers the new key once; only its hash is kept. */
  create: staffProcedure(ROLES.admin)
    .input(createAppClientInput)
    .mutation(({ ctx, input }) => createAppClient(ctx.db, staffActor(ctx.staff), input)),

  rotate: staffProcedure(ROLES.admin)
    .input(rotateAppClientInput)
    .mutation(({ ctx, input }) => rotateAppClient(ctx.db, staffActor(ctx.staff), input)),

  disable: staffProcedure(ROLES.admin)
    .input(disableAppClientInput)
    .mutation(({ ctx, input }) => disableClient(ctx.db, staffActor(ctx.staff), input)),
});
