/**
 * What a visual classifier's per-frame scores mean for a clip: the highest score of each class over
 * the sampled frames, and the frame it came from. Pure, so the activity that routes the clip and the
 * console that shows the scores summarise the same stored numbers the same way.
 *
 * The classes are those of the generic NSFW image model Loupe runs (nsfwjs): it judges nudity and
 * sexual content in single frames. It knows nothing of violence, self-harm, hate symbols, likeness or
 * sound, so a low score means "no nudity seen in these frames", never "this clip is safe".
 */
export const NSFW_CLASS_NAMES = ['Porn', 'Hentai', 'Sexy', 'Neutral', 'Drawing'] as const;
export type NsfwClassName = (typeof NSFW_CLASS_NAMES)[number];
export type NsfwScores = Record<NsfwClassName, number>;

export interface FrameScores {
  /** Index in the clip's keyframe strip (the frames are sampled at the same instants). */
  position: number;
  atSeconds: number;
  scores: NsfwScores;
}

export interface ClassMaximum {
  score: number;
  /** The frame with the highest score; the earliest one when frames tie. */
  position: number;
  atSeconds: number;
}

export interface VisualClassifierSummary {
  /** e.g. "nsfwjs 4.3.0 MobileNetV2". */
  model: string;
  framesClassified: number;
  maxByClass: Record<NsfwClassName, ClassMaximum>;
  /**
   * The highest per-frame Porn + Hentai: both classes are explicit sexual content, and a frame the
   * model is unsure between the two (e.g. 0.4 each) is as explicit as one scored 0.8 for either.
   */
  maxExplicit: ClassMaximum;
}

/** Highest score per class over the frames; null when no frame was classified. */
export function summariseFrameScores(model: string, frames: readonly FrameScores[]): VisualClassifierSummary | null {
  if (frames.length === 0) return null;
  const ordered = [...frames].sort((a, b) => a.position - b.position);
  const maxOf = (scoreOf: (frame: FrameScores) => number): ClassMaximum => {
    let best = ordered[0]!;
    for (const frame of ordered) if (scoreOf(frame) > scoreOf(best)) best = frame;
    return { score: scoreOf(best), position: best.position, atSeconds: best.atSeconds };
  };
  const maxByClass = Object.fromEntries(
    NSFW_CLASS_NAMES.map((name) => [name, maxOf((frame) => frame.scores[name])]),
  ) as Record<NsfwClassName, ClassMaximum>;
  return {
    model,
    framesClassified: ordered.length,
    maxByClass,
    maxExplicit: maxOf((frame) => frame.scores.Porn + frame.scores.Hentai),
  };
}
