/**
 * What can go wrong when Loupe runs ffmpeg or ffprobe, as types, so callers decide by `instanceof`
 * and `code` (never by a message's text) and a person is shown a sentence, never a tool's output.
 */

/** Which media tool a failure came from. */
export type MediaTool = 'ffmpeg' | 'ffprobe';

/**
 * How a tool run failed: it could not be found or started (`not_started`: Loupe's problem, not the
 * file's), it was cancelled (`aborted`), or it ran and exited non-zero or by a signal (`exited`).
 */
export type MediaToolFailure = 'not_started' | 'aborted' | 'exited';

/**
 * A run of ffmpeg or ffprobe that did not succeed. The message is for operators (it ends with the
 * last lines of the tool's stderr, which is where ffmpeg says what went wrong); show users a
 * sentence chosen by the caller instead.
 */
export class MediaToolError extends Error {
  override readonly name = 'MediaToolError';

  constructor(
    message: string,
    readonly tool: MediaTool,
    readonly code: MediaToolFailure,
    /** The last lines the tool wrote to stderr (bounded); empty when it never ran. */
    readonly stderrTail: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A media file that the tools could not read as what the caller needs (missing, damaged,
 * truncated, not media at all, or without a video stream). The message is one sentence that names
 * the file; the tool's own output, if any, is in `cause`.
 */
export class UnreadableMediaError extends Error {
  override readonly name = 'UnreadableMediaError';
}
