/**
 * One line of `npm run screen` input: a plain prompt, or a JSON object with a `text` field and the
 * request's context (`ageBand`, `cameoIds`, `isRemix`). Validated with zod; a bad line becomes an
 * error sentence for that line, never an exception.
 */
import { z } from 'zod';
import type { AgeBand } from '../../policies/index.js';

/** A JSON input line: the prompt and what the pipeline would know about the request. */
export const screenLineSchema = z
  .object({
    text: z.string({ error: 'a "text" field with the prompt as a string' }),
    ageBand: z.enum(['adult', 'teen'], { error: '"ageBand" must be "adult" or "teen"' }).optional(),
    cameoIds: z.array(z.string().min(1).max(200), { error: '"cameoIds" must be an array of cameo ids' }).max(20).optional(),
    isRemix: z.boolean({ error: '"isRemix" must be true or false' }).optional(),
  })
  .loose();

/** A line ready to screen. */
export interface ScreenInput {
  text: string;
  ageBand: AgeBand;
  cameoIds: string[];
  isRemix: boolean;
}

/** The line's prompt and context, or `{ error }` with a sentence saying what is wrong with it. */
export function parseScreenLine(line: string): ScreenInput | { error: string } {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { text: line, ageBand: 'adult', cameoIds: [], isRemix: false };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { error: `the line starts with "{" but is not valid JSON (${(error as Error).message})` };
  }
  const parsed = screenLineSchema.safeParse(value);
  if (!parsed.success) return { error: parsed.error.issues.map((issue) => issue.message).join('; ') };
  const { text, ageBand, cameoIds, isRemix } = parsed.data;
  return { text, ageBand: ageBand ?? 'adult', cameoIds: cameoIds ?? [], isRemix: isRemix ?? false };
}
