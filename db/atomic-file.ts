/**
 * Writing a file so that readers see either what was there before or the complete new file, never
 * a part of it: the content is written to a temporary file beside the target and renamed over it
 * only when writing succeeded. A rename within one directory is atomic on POSIX file systems, so a
 * crash, a failed encode or a killed activity leaves no truncated file under the final name, and a
 * retried activity simply writes again.
 *
 * The one implementation for the media store (db/media-store.ts) and the activities that render or
 * sign media files; it lives in db/ because both db/ and activities/ may import it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** How a write is made. */
export interface AtomicWriteOptions {
  /**
   * Flush the new file to disk before the rename, and the directory after it, so the file survives
   * a power cut as well as a crash (for files that are expensive or impossible to make again, such
   * as signed media). Costs an fsync; off by default.
   */
  durable?: boolean;
}

/**
 * Writes `targetPath` through `produce`, which must write the whole content to the temporary path
 * it is given (ffmpeg's output, a copy, a signer's output). The target's directory is created when
 * missing. When `produce` throws, the temporary file is removed and the error is rethrown; the
 * target is untouched.
 *
 * The temporary name is hidden and random (`.<name>.<12 hex>.partial`): two concurrent writes of
 * one target, in one process or several, each write their own file and the last rename wins.
 */
export async function writeFileAtomically(
  targetPath: string,
  produce: (tempPath: string) => Promise<void>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const directory = path.dirname(path.resolve(targetPath));
  await mkdir(directory, { recursive: true });
  const tempPath = path.join(directory, `.${path.basename(targetPath)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await produce(tempPath);
    if (options.durable) await fsync(tempPath, 'r+');
    await rename(tempPath, targetPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  if (options.durable) await fsyncDirectory(directory);
}

async function fsync(filePath: string, flags: string): Promise<void> {
  const handle = await open(filePath, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable. Not every platform can open a directory for syncing; that is not an error. */
async function fsyncDirectory(directory: string): Promise<void> {
  try {
    await fsync(directory, 'r');
  } catch {
    // Best effort: the file's own content is already on disk.
  }
}
