/**
 * The policy playground's semantic verdict (issue 14): the console cannot load the model (the app
 * imports activities for types only), so the text goes to a worker through the semanticPreview
 * workflow (app/services/workflow-client.server.ts). A read: nothing is stored and nothing audited.
 */
import type { SemanticPreview, SemanticPreviewInput } from '../../contracts';
import { getDraft } from '../../db/queries/policy-drafts';
import type { AppContext } from '../context';
import { ServiceRefusal } from './refusal';
import { previewSemanticVerdict } from './workflow-client.server';

/**
 * The semantic outcome of `input.text` under the live policy or a draft, and the verdict of the
 * rules combined with it. Refuses (NOT_FOUND) a draft that does not exist and (CONFLICT) one that was
 * promoted or discarded, since the playground offers only drafts being edited or in shadow; throws
 * `WorkflowDidNotFinish` with a sentence when the worker failed.
 */
export async function semanticPreview(ctx: Pick<AppContext, 'db' | 'temporal' | 'taskQueuePrefix'>, input: SemanticPreviewInput): Promise<SemanticPreview> {
  if (input.draftId !== null) {
    const draft = await getDraft(ctx.db, input.draftId);
    if (!draft) throw new ServiceRefusal('NOT_FOUND', 'There is no draft with this id; reload the playground and choose a policy from the list.');
    if (draft.state !== 'draft' && draft.state !== 'shadow') {
      throw new ServiceRefusal('CONFLICT', `This draft was ${draft.state}, so the playground no longer screens with it; choose the live policy or another draft.`);
    }
  }
  return previewSemanticVerdict(ctx, input);
}
