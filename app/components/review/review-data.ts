/**
 * The shapes the review screen's components receive: the `review.item` procedure's answer as it
 * arrives in the browser (dates as strings, through Remix's JSON), and the parts of it each
 * component shows. Derived from the router, so a change to the query is a type error here.
 */
import type { SerializeFrom } from '@remix-run/node';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../trpc/router.server';

type Outputs = inferRouterOutputs<AppRouter>;

/** Everything the review screen knows about one item. */
export type ReviewItemDetail = SerializeFrom<Outputs['review']['item']>;
/** The reviewer's own and the organisation's media filters. */
export type ReviewerWellness = SerializeFrom<Outputs['review']['wellness']>;
/** Colleagues an item can be handed over to. */
export type Colleague = SerializeFrom<Outputs['review']['colleagues']>[number];
/** The item's current lease, or null when nobody holds it. */
export type ItemLease = ReviewItemDetail['lease'];
