/**
 * The fixture clip generator: FOR BENCHMARKS AND TESTS ONLY. Every "generated" clip is a copy of one
 * pre-rendered MP4, so a run through the whole pipeline measures Loupe's own work (screening,
 * consent, moderation, signing, publishing, Temporal and PostgreSQL round trips) and not a video
 * model's render time. `npm run bench -- pipeline` (scripts/bench/pipeline.bench.ts) uses it.
 *
 * Selected by setting LOUPE_FIXTURE_CLIP=<path to an MP4> (scripts/stack/activity-deps.ts; config/env.ts
 * refuses it with NODE_ENV=production); the clip's C2PA manifest names it as the softwareAgent like
 * any other provider, so a clip made this way can never pass for a real model's.
 */
import { copyFile } from 'node:fs/promises';
import { probeVideo, type VideoProbe } from '../media/probe';
import type { GenerateOptions, GeneratedClip, GenerationInput, VideoGenerator } from './generator';

const FIXTURE_IDENTITY = {
  id: 'fixture-clip',
  name: 'Loupe fixture clip (benchmarks and tests only: a copy of one pre-rendered clip)',
  version: '1.0.0',
} as const;

/**
 * A `VideoGenerator` whose every clip is a byte copy of `clipPath` (whatever the prompt, seed, size
 * or duration asked for: the returned `GeneratedClip` says the fixture's real size and duration).
 * The fixture is probed once, on first use. `generate` throws `UnreadableMediaError` (from
 * activities/media/probe.ts) when the fixture is not a readable video, and Node's own error when it
 * cannot be copied.
 */
export function fixtureClipGenerator(clipPath: string): VideoGenerator {
  let probe: Promise<VideoProbe> | null = null;
  return {
    ...FIXTURE_IDENTITY,
    async generate(_input: GenerationInput, outputPath: string, options: GenerateOptions = {}): Promise<GeneratedClip> {
      // A failed probe is not cached: the next attempt (Temporal retries it) reads the file again.
      probe ??= probeVideo(clipPath).catch((error: unknown) => {
        probe = null;
        throw error;
      });
      const facts = await probe;
      options.signal?.throwIfAborted();
      await copyFile(clipPath, outputPath);
      return {
        path: outputPath,
        durationSeconds: facts.durationSeconds,
        width: facts.width,
        height: facts.height,
        generator: { ...FIXTURE_IDENTITY },
      };
    },
  };
}
