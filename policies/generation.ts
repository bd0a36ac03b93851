/**
 * What a generation request may ask for. The app tier renders up to 10 s; the web tier's 20 s /
 * 1080p is a later product decision, so it is named here but not offered yet.
 */
export const CLIP_LIMITS = {
  app: { maxDurationSeconds: 10, maxWidth: 720, maxHeight: 1280 },
} as const;

export const DEFAULT_CLIP = { durationSeconds: 6, width: 720, height: 1280 } as const;
export const MIN_DURATION_SECONDS = 1;
export const MAX_PROMPT_LENGTH = 2000;

export interface ClipSpec {
  durationSeconds: number;
  width: number;
  height: number;
}

/** Returns the problems with a requested clip, each a sentence the requester can act on; empty when fine. */
export function clipSpecProblems(spec: ClipSpec, tier: keyof typeof CLIP_LIMITS = 'app'): string[] {
  const limits = CLIP_LIMITS[tier];
  const problems: string[] = [];
  if (!Number.isFinite(spec.durationSeconds) || spec.durationSeconds < MIN_DURATION_SECONDS) {
    problems.push(`Duration must be at least ${MIN_DURATION_SECONDS} second.`);
  } else if (spec.durationSeconds > limits.maxDurationSeconds) {
    problems.push(
      `Clips in the app are at most ${limits.maxDurationSeconds} seconds long; ${spec.durationSeconds} s was requested. Ask for ${limits.maxDurationSeconds} s or less.`,
    );
  }
  for (const [name, value, max] of [['Width', spec.width, limits.maxWidth], ['Height', spec.height, limits.maxHeight]] as const) {
    if (!Number.isInteger(value) || value < 64 || value > max || value % 2 !== 0) {
      problems.push(`${name} must be an even number of pixels from 64 to ${max}; got ${value}.`);
    }
  }
  return problems;
}

/** Why a prompt cannot even be screened: empty, too long, or not text. Null when it can be screened. */
export function promptInputProblem(prompt: string): string | null {
  if (prompt.trim().length === 0) return 'The prompt is empty: describe the video you want.';
  if (prompt.length > MAX_PROMPT_LENGTH) {
    return `The prompt is ${prompt.length} characters long; the limit is ${MAX_PROMPT_LENGTH}. Shorten it.`;
  }
  // Binary garbage: NUL bytes or a high share of control / replacement characters is not a prompt.
  // Matching control characters is this regular expression's purpose (tab, LF and CR stay allowed).
  // eslint-disable-next-line no-control-regex
  const controls = prompt.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g)?.length ?? 0;
  if (prompt.includes('\u0000') || controls / prompt.length > 0.1) {
    return 'The prompt contains binary data or control characters, not text. Send plain text.';
  }
  return null;
}
