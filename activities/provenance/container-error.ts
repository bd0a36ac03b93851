/**
 * The one error the container walkers throw (./bmff.ts, ./image-containers.ts, ./container.ts):
 * the file is not a format Loupe checks, or its structure is broken. The message is one sentence
 * for the person who sent the file; it never names a path on this machine or quotes a tool.
 */

/** Why a file was refused before any library read it. */
export type ContainerProblem = 'unsupported' | 'malformed';

/**
 * A file refused by its structure: `problem` is `unsupported` for a format Loupe does not check
 * (answered 415 by /api/verify) and `malformed` for a broken one (answered 400).
 */
export class MediaContainerError extends Error {
  override readonly name = 'MediaContainerError';
  constructor(readonly problem: ContainerProblem, message: string) {
    super(message);
  }
}
