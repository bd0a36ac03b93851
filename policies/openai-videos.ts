/**
 * What a request may ask of a provider speaking the OpenAI-compatible Videos API, decided before
 * any call: the clip lengths and frame sizes the API accepts, how Loupe's request maps onto them,
 * how long to wait between status polls, and what a clip costs. Pure, so the activities, the
 * workflow's tests and the console read the same rules.
 *
 * Source of the lists: the Videos API reference (OpenAI platform docs, "Videos: Create video"):
 * `seconds` is one of the strings "4", "8", "12" and `size` one of "720x1280", "1280x720",
 * "1024x1792", "1792x1024"; an `input_reference` image must have the size of the video.
 */

/** Clip lengths the API accepts, in seconds (sent as strings). */
export const VIDEOS_API_SECONDS = ['4', '8', '12'] as const;
export type VideosApiSeconds = (typeof VIDEOS_API_SECONDS)[number];

/** Frame sizes the API accepts, width x height in pixels. */
export const VIDEOS_API_SIZES = ['720x1280', '1280x720', '1024x1792', '1792x1024'] as const;
export type VideosApiSize = (typeof VIDEOS_API_SIZES)[number];

/** What Loupe asks for: whole seconds and pixels, and whether a source image goes with the prompt. */
export interface VideosApiRequestSpec {
  durationSeconds: number;
  width: number;
  height: number;
}

/** The request in the API's words, with the frame the clip will come back in. */
export interface VideosApiMapping {
  seconds: VideosApiSeconds;
  size: VideosApiSize;
  /** Pixels of `size`, so the source image can be fitted to it (the API wants them equal). */
  width: number;
  height: number;
}

/**
 * Maps a request onto the API, or says in one sentence why it cannot be made there.
 * - Duration: exactly 4, 8 or 12 seconds. Another length is refused rather than rounded, because a
 *   longer clip costs more and a shorter one is not what was asked for.
 * - Frame: one of the four sizes exactly, or the same aspect as one of them within 1 %
 *   (Loupe's 9:16 frames at a smaller size map to 720x1280; the clip comes back at the provider's
 *   size and is recorded as it is). Any other aspect is refused: the provider would crop or stretch.
 */
export function mapToVideosApi(spec: VideosApiRequestSpec): { ok: true; mapping: VideosApiMapping } | { ok: false; refusal: string } {
  const seconds = VIDEOS_API_SECONDS.find((value) => Number(value) === spec.durationSeconds);
  if (!seconds) {
    return {
      ok: false,
      refusal: `The video provider makes clips of ${VIDEOS_API_SECONDS.join(', ').replace(/, (?=[^,]*$)/, ' or ')} seconds only; ask for one of those lengths instead of ${spec.durationSeconds} s.`,
    };
  }
  const exact = VIDEOS_API_SIZES.find((size) => size === `${spec.width}x${spec.height}`);
  const byAspect = exact ?? VIDEOS_API_SIZES.find((size) => {
    const [w, h] = sizePixels(size);
    return Math.abs(w / h - spec.width / spec.height) <= 0.01 * (w / h);
  });
  if (!byAspect) {
    return {
      ok: false,
      refusal: `The video provider makes portrait 9:16 or landscape 16:9 frames (${VIDEOS_API_SIZES.join(', ')}); a ${spec.width}x${spec.height} frame cannot be made there, so ask for 720x1280.`,
    };
  }
  const [width, height] = sizePixels(byAspect);
  return { ok: true, mapping: { seconds, size: byAspect, width, height } };
}

function sizePixels(size: VideosApiSize): [number, number] {
  const [w, h] = size.split('x').map(Number);
  return [w!, h!];
}

/**
 * How long to wait before the next status poll, in ms: the provider's own `openai-poll-after-ms`
 * when it sent one (clamped to 100 ms .. `maxMs`), otherwise `firstMs` doubled after every poll
 * that found the job unfinished, up to `maxMs`. `polls` counts the polls made so far (0 before the
 * first). The doubling is the usual exponential backoff; the cap keeps a slow job's completion
 * noticed within `maxMs` even without a webhook.
 */
export function nextPollDelayMs(polls: number, providerHintMs: number | null, firstMs: number, maxMs: number): number {
  if (providerHintMs !== null && Number.isFinite(providerHintMs) && providerHintMs > 0) {
    return Math.min(maxMs, Math.max(100, Math.round(providerHintMs)));
  }
  return Math.min(maxMs, firstMs * 2 ** Math.min(polls, 20));
}

/**
 * What a clip costs: its billed seconds times the configured price per second, in US dollars,
 * rounded to a ten-thousandth of a dollar (the precision the database keeps). The provider bills
 * the seconds asked for, so it is `seconds` as sent, not the clip's measured length.
 */
export function videoCostUsd(seconds: VideosApiSeconds, pricePerSecondUsd: number): number {
  return Math.round(Number(seconds) * pricePerSecondUsd * 10_000) / 10_000;
}
