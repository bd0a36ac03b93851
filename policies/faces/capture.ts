/**
 * What a face capture upload may be (issue 12, verified enrolment): a short video from a phone's
 * camera, as MP4, QuickTime (MOV) or WebM, recognised by its first bytes (never by a name or a
 * declared type), at most CAPTURE_MAX_BYTES, answering a challenge issued at most
 * ENROLMENT_CHALLENGE_TTL_SECONDS earlier. Pure.
 */

/** The largest capture accepted: 20 MB, several times a 5-second 1080p phone clip (about 5-10 MB). */
export const CAPTURE_MAX_BYTES = 20 * 1024 * 1024;

/** How long a challenge may be answered after it was issued: 10 minutes, enough to record and upload. */
export const ENROLMENT_CHALLENGE_TTL_SECONDS = 600;

/** The container formats accepted, by file extension. */
export const CAPTURE_TYPES = { mp4: 'MP4', mov: 'MOV (QuickTime)', webm: 'WebM' } as const;
export type CaptureType = keyof typeof CAPTURE_TYPES;

const ascii = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, end));

/**
 * The capture's container from its first bytes: an ISO base media file (MP4, MOV) starts with a box
 * whose type, at bytes 4-7, is `ftyp` (brand `qt  ` for QuickTime) or, in older QuickTime files,
 * `moov`, `mdat`, `wide` or `free`; a WebM (Matroska) file starts with the EBML magic 1A 45 DF A3.
 * Null for anything else.
 */
export function sniffCaptureType(bytes: Uint8Array): CaptureType | null {
  if (bytes.length >= 4 && bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'webm';
  if (bytes.length < 12) return null;
  const box = ascii(bytes, 4, 8);
  if (box === 'ftyp') return ascii(bytes, 8, 12) === 'qt  ' ? 'mov' : 'mp4';
  if (box === 'moov' || box === 'mdat' || box === 'wide' || box === 'free') return 'mov';
  return null;
}

/** The sentence for a capture that is not a video Loupe accepts. */
export const CAPTURE_NOT_A_VIDEO = `The capture must be a video recorded with the camera, as ${Object.values(CAPTURE_TYPES).join(', ')}; record it again and send the file as it is.`;

/** The sentence for a capture over CAPTURE_MAX_BYTES. */
export const CAPTURE_TOO_LARGE = `The capture may be at most ${CAPTURE_MAX_BYTES / 1024 / 1024} MB: record 3 to 5 seconds, not more.`;
