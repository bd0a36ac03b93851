/** Screens the prompt with the live policy and stores the decision with its policy version and spans. */
import { screenPrompt, type ScreenResult } from '../policies';
import type { ActivityDeps } from './deps';
import type { RecordActivities, ScreeningOutcome } from './types';

export function screeningActivities({ db }: ActivityDeps): Pick<RecordActivities, 'screenPrompt'> {
  return {
    async screenPrompt({ requestId }): Promise<ScreeningOutcome> {
      const request = await db
        .selectFrom('generation_requests')
        .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
        .select(['generation_requests.prompt', 'generation_requests.remix_of_video_id', 'creators.age_band'])
        .where('generation_requests.id', '=', requestId)
        .executeTakeFirstOrThrow();
      const cameoIds = (
        await db.selectFrom('request_cameos').select('cameo_id').where('request_id', '=', requestId).execute()
      ).map((row) => row.cameo_id);

      const result = screenPrompt(request.prompt, {
        ageBand: request.age_band,
        cameoIds,
        isRemix: request.remix_of_video_id !== null,
      });

      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('prompt_screenings')
          .values({
            request_id: requestId,
            verdict: result.verdict,
            categories: JSON.stringify(result.categories),
            matches: JSON.stringify(result.matches),
            reasons: JSON.stringify(result.reasons),
            policy_version: result.policyVersion,
          })
          .onConflict((oc) => oc.column('request_id').doNothing())
          .execute();
        await trx
          .updateTable('generation_requests')
          .set({ status: 'consent_check', updated_at: new Date() })
          .where('id', '=', requestId)
          .where('status', '=', 'screening')
          .execute();
      });

      return { verdict: result.verdict, reasons: result.reasons, summary: blockSummary(request.prompt, result) };
    },
  };
}

/**
 * The sentence a creator reads when a prompt is blocked: which policy, and the words that tripped
 * it, so they can rephrase. Rule ids and severities stay in the console.
 */
export function blockSummary(prompt: string, result: Pick<ScreenResult, 'categories' | 'matches' | 'reasons'>): string {
  if (result.categories.length === 0) return result.reasons[0] ?? 'The prompt could not be screened.';
  const policies = result.categories.map((category) => category.replaceAll('_', ' ')).join(', ');
  const words = [...new Set(result.matches.filter((m) => m.action === 'block').map((m) => prompt.slice(m.start, m.end)))].slice(0, 3);
  return `This prompt breaks the content policy on ${policies}${words.length > 0 ? ` (because of ${words.map((w) => `“${w}”`).join(', ')})` : ''}.`;
}

