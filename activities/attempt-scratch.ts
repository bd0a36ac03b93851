/**
 * Scratch folders of activity attempts: `<workDir>/<requestId>/<step>-<attempt>`. A worker killed
 * in the middle of a step never runs its own cleanup, so the next attempt clears what earlier
 * attempts of the same step left on this machine before it starts (issue 16, "no orphaned files").
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';

/**
 * Creates and answers the current attempt's empty scratch folder for `step` of `requestId`, after
 * removing the folders of this step's earlier attempts (1 to attempt - 1). Temporal has given up on
 * those attempts (a retry starts only after the previous one failed or timed out), so nothing
 * writes there any more. Must run inside an activity (reads `Context.current().info.attempt`).
 * Throws the file system's error when the folder cannot be made.
 */
export async function attemptScratchDir(workDir: string, requestId: string, step: string): Promise<string> {
  const { attempt } = Context.current().info;
  const requestDir = path.join(workDir, requestId);
  for (let earlier = 1; earlier < attempt; earlier += 1) {
    await fs.rm(path.join(requestDir, `${step}-${earlier}`), { recursive: true, force: true });
  }
  const dir = path.join(requestDir, `${step}-${attempt}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
}
