/**
 * Measures a clip's first audio track with ffmpeg's own meters, in one decoding pass:
 *   - `ebur128=peak=true`: integrated loudness (LUFS), loudness range (LU) and true peak (dBTP), as
 *     EBU R128 / ITU-R BS.1770-4 define them (the filter's closing "Summary" block);
 *   - `silencedetect`: silent stretches below a noise floor for at least a minimum duration
 *     (`silence_start` / `silence_end` lines);
 *   - `astats` (after conversion to 16-bit, so anything at or beyond full scale lands on it): the
 *     overall peak level and peak count, i.e. how many samples sat at full scale: clipping.
 * The thresholds that decide what the numbers mean are in policies/audio.ts.
 */
import { runFfmpegReport, type RunFfmpegOptions } from './ffmpeg';
import type { AudioLevels, AudioPolicy } from '../../policies/audio';

/** ffmpeg prints numbers like "-23.4", "-inf" and "inf"; null for anything else. */
function number(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (/^-?inf$/i.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The value after `label:` on the first line (at or after `from`) that has it. */
function valueAfter(lines: readonly string[], label: RegExp, from = 0): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const match = label.exec(lines[i] ?? '');
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Reads the meters' reports from ffmpeg's stderr lines; `fullScaleDb` is the peak level from which
 * astats' peak count means clipped samples (policies/audio.ts). Exported for the tests of the parsing alone.
 * @throws Error when the ebur128 summary is missing (the filter did not run to the end).
 */
export function parseAudioReport(lines: readonly string[], durationSeconds: number, fullScaleDb: number): AudioLevels {
  const summary = lines.findIndex((line) => /Parsed_ebur128_\d+ .*Summary:/.test(line));
  if (summary < 0) throw new Error('ffmpeg printed no EBU R128 summary for the audio track');
  const integrated = number(valueAfter(lines, /^\s*I:\s+(\S+) LUFS/, summary));
  const range = number(valueAfter(lines, /^\s*LRA:\s+(\S+) LU/, summary));
  const peak = number(valueAfter(lines, /^\s*Peak:\s+(\S+) dB/, summary));

  const silences: { start: number; end: number }[] = [];
  let open: number | null = null;
  for (const line of lines) {
    const start = /silence_start: (-?[\d.]+)/.exec(line);
    if (start) open = Math.max(0, Number(start[1]));
    const end = /silence_end: (-?[\d.]+)/.exec(line);
    if (end && open !== null) {
      silences.push({ start: open, end: Number(end[1]) });
      open = null;
    }
  }
  // A silence still open when the audio ends runs to the end (silencedetect prints no end for it).
  if (open !== null) silences.push({ start: open, end: durationSeconds });

  // astats prints per channel, then "Overall"; the overall figures are the ones after that line.
  const overall = lines.findIndex((line) => /Parsed_astats_\d+ .*\] Overall$/.test(line.trim()));
  const channels = lines.filter((line) => /Parsed_astats_\d+ .*\] Channel: \d+/.test(line)).length;
  const peakLevel = overall < 0 ? null : number(valueAfter(lines, /Peak level dB: (\S+)/, overall));
  const peakCount = overall < 0 ? 0 : (number(valueAfter(lines, /Peak count: (\S+)/, overall)) ?? 0);
  const perChannel = overall < 0 ? 0 : (number(valueAfter(lines, /Number of samples: (\S+)/, overall)) ?? 0);
  return {
    integratedLufs: integrated === null || integrated <= -70 ? null : integrated,
    loudnessRangeLu: range ?? 0,
    truePeakDbtp: peak === null || !Number.isFinite(peak) ? null : peak,
    silences,
    durationSeconds,
    // Peak count counts samples at the track's extreme levels (Overall: the mean per channel); they
    // are clipping only when that extreme is full scale.
    clippedSamples: peakLevel !== null && peakLevel >= fullScaleDb ? Math.round(peakCount * Math.max(1, channels)) : 0,
    totalSamples: perChannel * Math.max(1, channels),
  };
}

/**
 * Measures the first audio track of `filePath` (`durationSeconds`: the clip's, for a silence that
 * runs to the end) with the policy's silence settings.
 * @throws MediaToolError when ffmpeg fails; Error when the report is incomplete.
 */
export async function measureAudioLevels(
  filePath: string,
  durationSeconds: number,
  policy: Pick<AudioPolicy, 'silenceNoiseDb' | 'silenceMinSeconds' | 'fullScaleDb'>,
  options: RunFfmpegOptions = {},
): Promise<AudioLevels> {
  const filters = [
    'ebur128=peak=true',
    `silencedetect=noise=${policy.silenceNoiseDb}dB:duration=${policy.silenceMinSeconds}`,
    'aformat=sample_fmts=s16',
    'astats',
  ].join(',');
  const lines = await runFfmpegReport(['-i', filePath, '-map', '0:a:0', '-af', filters, '-f', 'null', '-'], options);
  return parseAudioReport(lines, durationSeconds, policy.fullScaleDb);
}
