import { createCallerFactory, router, type TrpcContext } from './init.server';
import { authRouter } from './routers/auth';
import { feedRouter } from './routers/feed';
import { requestsRouter } from './routers/requests';
import { reviewRouter } from './routers/review';

export const appRouter = router({
  auth: authRouter,
  feed: feedRouter,
  requests: requestsRouter,
  review: reviewRouter,
});
export type AppRouter = typeof appRouter;

const callerFactory = createCallerFactory(appRouter);
/** Server-side calls from loaders go through the same procedures, access rules included. */
export const createCaller = (ctx: TrpcContext) => callerFactory(ctx);
