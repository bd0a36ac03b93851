/**
 * Provenance checks staff start from the audit console: "verify now" for one video, and a
 * re-verification of the whole catalogue. Each is a Temporal workflow whose activities record the
 * signals; here the request is audited and the workflow started (and, for one video, awaited).
 */
import type { Kysely } from 'kysely';
import type { VideoVerification } from '../../contracts';
import { appendAudit, staffActor } from '../../db/queries/audit';
import { videoExists } from '../../db/queries/provenance';
import type { Database } from '../../db/schema';
import { ServiceRefusal } from './refusal';
import { manualCatalogueRunId, startCatalogueRun, verifyVideoNow, WorkflowDidNotFinish, type WorkflowClientDeps } from './workflow-client.server';

type Deps = WorkflowClientDeps & { db: Kysely<Database> };
type Staff = { id: string; email: string };

/**
 * Checks one video's provenance now and returns the verification. Refuses NOT_FOUND for an unknown
 * video; a check that fails throws `WorkflowDidNotFinish` saying why.
 */
export async function verifyVideo(deps: Deps, staff: Staff, videoId: string): Promise<VideoVerification> {
  if (!(await videoExists(deps.db, videoId))) throw new ServiceRefusal('NOT_FOUND', 'There is no video with that id.');
  await appendAudit(deps.db, { ...staffActor(staff), action: 'provenance.verify_now', subjectType: 'video', subjectId: videoId });
  try {
    return await verifyVideoNow(deps, videoId, staff.email);
  } catch (error) {
    if (error instanceof WorkflowDidNotFinish) throw new WorkflowDidNotFinish(`The check could not finish: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Starts a catalogue re-verification by hand and returns its workflow id at once. */
export async function startManualCatalogueRun(deps: Deps, staff: Staff): Promise<{ workflowId: string }> {
  const workflowId = manualCatalogueRunId();
  await appendAudit(deps.db, { ...staffActor(staff), action: 'provenance.catalogue_run', subjectType: 'workflow', subjectId: workflowId });
  await startCatalogueRun(deps, workflowId);
  return { workflowId };
}
