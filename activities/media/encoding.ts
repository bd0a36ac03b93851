/**
 * How Loupe encodes video with ffmpeg: the H.264 settings and MP4 output flags every render shares,
 * and the escaping of values placed inside a filter graph.
 */

/**
 * Escapes a value (a file path, a colour, free text) for use as a filter option inside an
 * `-filter_complex` graph. ffmpeg unescapes twice: once when splitting the graph into filters
 * (`\ ' [ ] , ;` are special) and once when splitting a filter's options (`\ ' :` are special).
 * Source: https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/**
 * Output flags that make an encode reproducible byte for byte: one thread (x264's frame threading
 * changes its decisions), no encoder version strings or creation times, no metadata carried over
 * from the inputs, and the moov atom moved to the front so players can start before the download
 * ends.
 */
export const DETERMINISTIC_MP4_OUTPUT_ARGS: readonly string[] = [
  '-threads', '1',
  '-map_metadata', '-1',
  '-map_chapters', '-1',
  '-fflags', '+bitexact',
  '-flags:v', '+bitexact',
  '-flags:a', '+bitexact',
  '-movflags', '+faststart',
  '-f', 'mp4',
];

/**
 * H.264 settings shared by every Loupe encode: a fixed preset (so the encoder's decisions, and the
 * bytes, do not vary), constant quality capped at a peak bitrate so busy clips stay around
 * 1.5 MB per 10 s, and 4:2:0 chroma that every phone plays.
 */
export const H264_VIDEO_ARGS: readonly string[] = [
  '-c:v', 'libx264',
  '-preset', 'veryfast',
  '-crf', '28',
  '-maxrate', '1200k',
  '-bufsize', '2400k',
  '-pix_fmt', 'yuv420p',
];
