import { z } from 'zod';
import { submitRequest, submitRequestSchema } from '../../services/submit-request.server';
import { ROLES, staffProcedure, router } from '../init.server';

export const requestsRouter = router({
  submit: staffProcedure(ROLES.submit)
    .input(submitRequestSchema)
    .mutation(({ ctx, input }) => submitRequest(ctx, input)),

  recent: staffProcedure(ROLES.read)
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) =>
      ctx.db
        .selectFrom('generation_requests')
        .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
        .leftJoin('prompt_screenings', 'prompt_screenings.request_id', 'generation_requests.id')
        .leftJoin('videos', 'videos.request_id', 'generation_requests.id')
        .leftJoin('request_source_images', 'request_source_images.request_id', 'generation_requests.id')
        .select([
          'generation_requests.id', 'generation_requests.prompt', 'generation_requests.status', 'generation_requests.status_reason',
          'generation_requests.created_at', 'creators.handle', 'prompt_screenings.verdict', 'prompt_screenings.categories',
          'videos.id as video_id', 'request_source_images.source_image_sha256',
        ])
        .orderBy('generation_requests.created_at', 'desc')
        .limit(input.limit)
        .execute(),
    ),

  creators: staffProcedure(ROLES.submit).query(async ({ ctx }) => {
    const [creators, cameos] = await Promise.all([
      ctx.db.selectFrom('creators').select(['id', 'handle', 'display_name', 'age_band']).orderBy('handle').execute(),
      ctx.db
        .selectFrom('cameos')
        .innerJoin('creators', 'creators.id', 'cameos.owner_id')
        .select(['cameos.id', 'cameos.display_name', 'cameos.access_level', 'creators.handle as owner_handle'])
        .where('cameos.revoked_at', 'is', null)
        .orderBy('cameos.display_name')
        .execute(),
    ]);
    return { creators, cameos };
  }),
});
