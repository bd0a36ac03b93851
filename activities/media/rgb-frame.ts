/** One decoded picture as raw RGB, the form in which frames reach the fingerprints and classifiers. */
export interface RgbFrame {
  /** width × height pixels, three bytes each (rgb24), row by row from the top. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Seconds from the start of the video (0 for a still image). */
  atSeconds: number;
}
