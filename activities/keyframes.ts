/**
 * extractKeyframes: a strip of small JPEG frames, evenly spaced through the clip, so a reviewer can
 * judge it without playing it (and without sound). One ffmpeg pass; frames are content-addressed in
 * the media store (`keyframes/<sha256>.jpg`) and listed per request, so a retry changes nothing.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { attemptScratchDir } from './attempt-scratch';
import { runFfmpeg } from './media/ffmpeg';
import type { ActivityDeps } from './deps';
import type { MediaActivities } from '../contracts';
import { sha256OfFile } from './media/content-hash';

export const KEYFRAME_COUNT = 6;
export const KEYFRAME_WIDTH = 180;

export function keyframeKey(sha256: string): string {
  return `keyframes/${sha256}.jpg`;
}

export function keyframeActivities({ db, media, workDir }: ActivityDeps): Pick<MediaActivities, 'extractKeyframes'> {
  return {
    async extractKeyframes({ requestId, clip }) {
      // A worker killed mid-extraction left its attempt's folder behind; this attempt clears it first.
      const dir = await attemptScratchDir(workDir, requestId, 'keyframes');
      try {
        const source = await media.localPath(clip.storageKey);
        const every = clip.durationSeconds / KEYFRAME_COUNT;
        // One frame from the middle of each of KEYFRAME_COUNT equal slices of the clip.
        await runFfmpeg([
          '-i', source, '-an',
          '-vf', `fps=1/${every.toFixed(4)}:start_time=${(every / 2).toFixed(4)},scale=${KEYFRAME_WIDTH}:-2`,
          '-frames:v', String(KEYFRAME_COUNT), '-q:v', '5', path.join(dir, 'frame-%02d.jpg'),
        ], { signal: Context.current().cancellationSignal });
        const files = (await readdir(dir)).filter((name) => name.endsWith('.jpg')).sort();
        const frames: { position: number; atSeconds: number; storageKey: string }[] = [];
        for (const [index, name] of files.entries()) {
          const file = path.join(dir, name);
          const sha256 = await sha256OfFile(file);
          await media.putFile(keyframeKey(sha256), file);
          frames.push({ position: index, atSeconds: Math.min(clip.durationSeconds, every * (index + 0.5)), storageKey: keyframeKey(sha256) });
        }
        if (frames.length > 0) {
          await db
            .insertInto('request_keyframes')
            .values(frames.map((frame) => ({ request_id: requestId, position: frame.position, at_seconds: frame.atSeconds, storage_key: frame.storageKey })))
            .onConflict((oc) => oc.columns(['request_id', 'position']).doNothing())
            .execute();
        }
        return { frames: frames.length };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
