/** Generation requests from the console: submit one (the demo of the app's API), list the latest, and the form's choices. */
import { z } from 'zod';
import { listRecentRequests, submissionChoices } from '../../../db/queries/requests';
import { submitRequest, submitRequestSchema } from '../../services/submit-request.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const requestsRouter = router({
  submit: staffProcedure(ROLES.submit)
    .input(submitRequestSchema)
    .mutation(({ ctx, input }) => submitRequest(ctx, input)),

  recent: staffProcedure(ROLES.read)
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => listRecentRequests(ctx.db, input.limit)),

  creators: staffProcedure(ROLES.submit).query(({ ctx }) => submissionChoices(ctx.db)),
});
