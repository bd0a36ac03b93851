/**
 * checkClipAudio (issue 15, audio), on the media task queue: measures the clip's first audio track
 * (EBU R128 loudness, silences, clipping: activities/media/audio-levels.ts), transcribes its speech
 * (activities/classifiers/speech/transcriber.ts), screens every spoken segment with the live prompt
 * policy exactly as screenPrompt screens a prompt (the compiled live rule set with the request's own
 * context, then the semantic layer through the same classifySemantic, combined the same way), and
 * decides with policies/audio.ts. The result replaces the request's row in clip_audio_checks, so a
 * retried attempt leaves the row its routing used.
 *
 * The external moderation classifier (OpenAI's moderation endpoint, when configured) is not asked
 * about transcripts: it is a paid call per text, and a clip would make one per spoken segment.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { combineWithSemantic, compileOverlay, screenWithPolicy, type ScreenContext } from '../policies';
import { AUDIO_POLICY, decideAudio, type StoredSegment, type StoredTranscript } from '../policies/audio';
import { loadScreeningInputs } from '../db/queries/policy';
import { loadScreeningNames } from '../db/queries/screening-names';
import { attemptScratchDir } from './attempt-scratch';
import { measureAudioLevels } from './media/audio-levels';
import { runFfmpeg } from './media/ffmpeg';
import { probeVideo } from './media/probe';
import { withHeartbeat } from './heartbeat';
import { classifySemantic } from './screening';
import { createSpeechTranscriber, type SpeechTranscriber, type Transcript } from './classifiers/speech/transcriber';
import type { ActivityDeps } from './deps';
import type { AudioCheckOutcome, MediaActivities } from '../contracts';

/** Whisper reads 16 kHz mono; ffmpeg resamples once here so the model's own resampler never runs. */
const SPEECH_SAMPLE_RATE = 16_000;

/**
 * The audio check over `deps`. `speech`: the transcriber (default: the pinned model from setup; tests
 * pass one with a short time-out, or one that is unavailable).
 */
export function audioCheckActivities(
  { db, media, semantic, workDir }: ActivityDeps,
  speech: SpeechTranscriber = createSpeechTranscriber(),
): Pick<MediaActivities, 'checkClipAudio'> {
  /** Each segment screened with the live policy, as screenPrompt screens a prompt. */
  const screenSegments = async (requestId: string, transcript: Extract<Transcript, { status: 'ok' }>): Promise<StoredTranscript> => {
    const request = await db
      .selectFrom('generation_requests')
      .innerJoin('creators', 'creators.id', 'generation_requests.creator_id')
      .select(['generation_requests.remix_of_video_id', 'creators.age_band'])
      .where('generation_requests.id', '=', requestId)
      .executeTakeFirstOrThrow();
    const cameoIds = (await db.selectFrom('request_cameos').select('cameo_id').where('request_id', '=', requestId).execute()).map((row) => row.cameo_id);
    const names = await loadScreeningNames(db, transcript.segments.map((s) => s.text).join('\n'), cameoIds);
    const context: ScreenContext = { ageBand: request.age_band, cameoIds, ...names, isRemix: request.remix_of_video_id !== null };
    const inputs = await loadScreeningInputs(db);
    const live = compileOverlay(inputs.live.changes, inputs.registries);

    const segments: StoredSegment[] = [];
    for (const segment of transcript.segments) {
      const rules = screenWithPolicy(live.policy, segment.text, context);
      const semanticOutcome = await classifySemantic(semantic, segment.text, live.ruleSet.semantic);
      const result = combineWithSemantic(rules, semanticOutcome);
      const semanticCategories = semanticOutcome.status === 'ok' && semanticOutcome.verdict !== 'allow' && semanticOutcome.category !== null ? [semanticOutcome.category] : [];
      segments.push({
        start: segment.start,
        end: segment.end,
        text: segment.text,
        verdict: result.verdict,
        categories: [...new Set([...result.categories, ...semanticCategories])],
        matches: result.matches
          .filter((m) => m.action !== 'allow')
          .map((m) => ({ start: m.start, end: m.end, ruleId: m.ruleId, category: m.category, action: m.action })),
        semantic: semanticOutcome.status === 'ok' && semanticOutcome.category !== null
          ? { category: semanticOutcome.category, score: semanticOutcome.score, verdict: semanticOutcome.verdict }
          : null,
      });
    }
    return { status: 'ok', model: transcript.model, language: transcript.language, policyVersion: live.policy.version, segments };
  };

  return {
    async checkClipAudio({ requestId, clip }): Promise<AudioCheckOutcome> {
      const signal = Context.current().cancellationSignal;
      const clipPath = await media.localPath(clip.storageKey);
      const probe = await probeVideo(clipPath, { signal });
      // A worker killed mid-check left its attempt's folder behind; this attempt clears it first.
      const scratch = await attemptScratchDir(workDir, requestId, 'audio');
      try {
        const hasAudio = probe.audioCodec !== null;
        const levels = hasAudio ? await withHeartbeat(() => measureAudioLevels(clipPath, probe.durationSeconds, AUDIO_POLICY, { signal })) : null;
        let transcript: StoredTranscript;
        if (!hasAudio) {
          transcript = { status: 'unavailable', model: speech.model, error: 'the clip has no audio track' };
        } else {
          const wav = path.join(scratch, 'speech.wav');
          await runFfmpeg(['-i', clipPath, '-map', '0:a:0', '-ac', '1', '-ar', String(SPEECH_SAMPLE_RATE), '-c:a', 'pcm_s16le', '-y', wav], { signal });
          const heard = await withHeartbeat(() => speech.transcribe(wav, { signal }));
          transcript = heard.status === 'ok' ? await screenSegments(requestId, heard) : heard;
          if (heard.status === 'unavailable') Context.current().log.warn('speech not transcribed', { requestId, error: heard.error });
        }
        const decision = decideAudio(levels, transcript.status === 'ok' ? { status: 'ok', segments: transcript.segments } : { status: 'unavailable', error: transcript.error });

        const row = {
          has_audio: hasAudio,
          integrated_lufs: levels?.integratedLufs ?? null,
          loudness_range_lu: levels?.loudnessRangeLu ?? null,
          true_peak_dbtp: levels?.truePeakDbtp ?? null,
          duration_seconds: probe.durationSeconds,
          silences: JSON.stringify(levels?.silences ?? []),
          clipped_samples: levels?.clippedSamples ?? 0,
          total_samples: levels?.totalSamples ?? 0,
          policy_version: decision.policyVersion,
          verdict: decision.verdict,
          findings: JSON.stringify(decision.findings),
          transcript: JSON.stringify(transcript),
          checked_at: new Date(),
        };
        await db
          .insertInto('clip_audio_checks')
          .values({ request_id: requestId, ...row })
          .onConflict((oc) => oc.column('request_id').doUpdateSet(row))
          .execute();
        return {
          verdict: decision.verdict,
          reasons: decision.findings.filter((f) => f.holds).map((f) => f.reason),
          findings: decision.findings.map((f) => f.kind),
        };
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  };
}
