import { createCallerFactory, router, type TrpcContext } from './init.server';
import { appClientsRouter } from './routers/app-clients';
import { appealsRouter } from './routers/appeals';
import { auditRouter } from './routers/audit';
import { authRouter } from './routers/auth';
import { feedRouter } from './routers/feed';
import { hashBanksRouter } from './routers/hash-banks';
import { likenessTakedownsRouter } from './routers/likeness-takedowns';
import { metricsRouter } from './routers/metrics';
import { policyRouter } from './routers/policy';
import { requestsRouter } from './routers/requests';
import { reportsRouter } from './routers/reports';
import { reviewRouter } from './routers/review';
import { staffRouter } from './routers/staff';
import { provenanceRouter } from './routers/provenance';
import { copyrightDisputesRouter } from './routers/copyright-disputes';
import { copyrightWorksRouter } from './routers/copyright-works';
import { copyrightClaimsRouter } from './routers/copyright-claims';
import { copyrightRescansRouter } from './routers/copyright-rescans';

export const appRouter = router({
  auth: authRouter,
  feed: feedRouter,
  policy: policyRouter,
  requests: requestsRouter,
  review: reviewRouter,
  provenance: provenanceRouter,
  likenessTakedowns: likenessTakedownsRouter,
  appeals: appealsRouter,
  reports: reportsRouter,
  staff: staffRouter,
  audit: auditRouter,
  metrics: metricsRouter,
  appClients: appClientsRouter,
  copyrightWorks: copyrightWorksRouter,
  copyrightClaims: copyrightClaimsRouter,
  copyrightRescans: copyrightRescansRouter,
  hashBanks: hashBanksRouter,
  copyrightDisputes: copyrightDisputesRouter,
});
export type AppRouter = typeof appRouter;

const callerFactory = createCallerFactory(appRouter);
/** Server-side calls from loaders go through the same procedures, access rules included. */
export const createCaller = (ctx: TrpcContext) => callerFactory(ctx);
