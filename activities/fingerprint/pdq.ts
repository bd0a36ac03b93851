/**
 * PDQ, Meta's 256-bit perceptual image hash, in plain TypeScript (no native code, no packages).
 *
 * A faithful port of the reference algorithm in facebook/ThreatExchange (pdq/cpp/hashing):
 * RGB -> luma (BT.601 weights), a two-pass Jarosz (tent-like box) filter sized for a 64x64
 * target, decimation to 64x64, the 16x16 low-frequency block of a 2-D DCT (DC row/column
 * skipped), and one bit per coefficient: above the median or not. Hashes are compared with the
 * Hamming distance; Meta's guidance is that 31 bits or fewer is a match and that hashes with a
 * quality under 50 (flat or nearly flat images) are too weak to match on.
 *
 * Bit layout follows the reference so hex strings are interchangeable with Meta's tools: bit
 * k = row*16 + col lives in 16-bit word k>>4, and the hex form prints word 15 first.
 */

/** Meta's guidance: two hashes this many bits apart or fewer show the same picture. */
export const PDQ_MATCH_THRESHOLD = 31;
/** Meta's guidance: a hash of lower quality (a flat or nearly flat picture) is too weak to match on. */
export const PDQ_MIN_QUALITY = 50;

export interface PdqHash {
  /** 32 bytes: hex form in the reference's order (word 15 first, big-endian words). */
  bytes: Uint8Array;
  /** 0..100; under PDQ_MIN_QUALITY the image is too flat for the hash to mean much. */
  quality: number;
}

const LUMA_R = 0.299;
const LUMA_G = 0.587;
const LUMA_B = 0.114;
const DCT_SIZE = 64;
const JAROSZ_PASSES = 2;

/** The 16x64 DCT-II matrix the reference uses (rows 1..16: the DC term is left out). */
const DCT_MATRIX: Float64Array = (() => {
  const matrix = new Float64Array(16 * DCT_SIZE);
  const scale = Math.sqrt(2 / DCT_SIZE);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      matrix[i * DCT_SIZE + j] = scale * Math.cos((Math.PI / 2 / DCT_SIZE) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/** PDQ of an RGB24 image (`width * height * 3` bytes, row-major). */
export function pdqFromRgb(rgb: Uint8Array, width: number, height: number): PdqHash {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`PDQ needs a positive image size, got ${width}x${height}.`);
  }
  if (rgb.length < width * height * 3) {
    throw new Error(`PDQ got ${rgb.length} bytes for a ${width}x${height} RGB image (needs ${width * height * 3}).`);
  }
  return pdqFromLuma(lumaFromRgb(rgb, width, height), width, height);
}

/**
 * The luma plane PDQ hashes: BT.601 weights (0.299 R + 0.587 G + 0.114 B), 0..255 per pixel, as
 * the reference computes it. `rgb` is RGB24, row-major; only the first `width * height` pixels are read.
 */
export function lumaFromRgb(rgb: Uint8Array, width: number, height: number): Float32Array {
  const luma = new Float32Array(width * height);
  for (let p = 0, q = 0; p < luma.length; p++, q += 3) {
    luma[p] = LUMA_R * rgb[q]! + LUMA_G * rgb[q + 1]! + LUMA_B * rgb[q + 2]!;
  }
  return luma;
}

/** PDQ of a luma plane (0..255 floats). The plane is used as scratch space and changed. */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqHash {
  const scratch = new Float32Array(width * height);
  const windowAlongRows = jaroszWindowSize(width, DCT_SIZE);
  const windowAlongCols = jaroszWindowSize(height, DCT_SIZE);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let row = 0; row < height; row++) box1d(luma, scratch, row * width, width, 1, windowAlongRows);
    for (let col = 0; col < width; col++) box1d(scratch, luma, col, height, width, windowAlongCols);
  }

  const small = new Float64Array(DCT_SIZE * DCT_SIZE);
  for (let i = 0; i < DCT_SIZE; i++) {
    const sourceRow = Math.floor(((i + 0.5) * height) / DCT_SIZE);
    for (let j = 0; j < DCT_SIZE; j++) {
      const sourceCol = Math.floor(((j + 0.5) * width) / DCT_SIZE);
      small[i * DCT_SIZE + j] = luma[sourceRow * width + sourceCol]!;
    }
  }
  const quality = imageDomainQuality(small);

  // B = D * A * D^T, D being 16x64.
  const partial = new Float64Array(16 * DCT_SIZE);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < DCT_SIZE; k++) sum += DCT_MATRIX[i * DCT_SIZE + k]! * small[k * DCT_SIZE + j]!;
      partial[i * DCT_SIZE + j] = sum;
    }
  }
  const coefficients = new Float64Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      for (let k = 0; k < DCT_SIZE; k++) sum += partial[i * DCT_SIZE + k]! * DCT_MATRIX[j * DCT_SIZE + k]!;
      coefficients[i * 16 + j] = sum;
    }
  }

  const median = lowerMedian(coefficients);
  const words = new Uint16Array(16);
  for (let k = 0; k < 256; k++) {
    if (coefficients[k]! > median) words[k >> 4]! |= 1 << (k & 15);
  }
  const bytes = new Uint8Array(32);
  for (let w = 0; w < 16; w++) {
    const word = words[15 - w]!;
    bytes[w * 2] = word >> 8;
    bytes[w * 2 + 1] = word & 0xff;
  }
  return { bytes, quality };
}

/** ceil(old / (2 * new)), as the reference computes it. */
function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

/**
 * One box-filter pass along a strided vector, with the reference's edge handling (the window
 * is centred and shrinks at both ends rather than padding).
 */
function box1d(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, windowSize: number): void {
  const halfWindow = Math.floor((windowSize + 2) / 2);
  const phase1 = halfWindow - 1;
  const phase2 = windowSize - halfWindow + 1;
  const phase3 = length - windowSize;
  const phase4 = halfWindow - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let current = 0;
  for (let i = 0; i < phase1; i++) {
    sum += input[ri]!;
    current++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum += input[ri]!;
    current++;
    output[oi] = sum / current;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum += input[ri]! - input[li]!;
    output[oi] = sum / current;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum -= input[li]!;
    current--;
    output[oi] = sum / current;
    li += stride;
    oi += stride;
  }
}

/** The reference's gradient-sum quality: 0 for a flat image, 100 for a busy one. */
function imageDomainQuality(small: Float64Array): number {
  let gradientSum = 0;
  for (let i = 0; i < DCT_SIZE - 1; i++) {
    for (let j = 0; j < DCT_SIZE; j++) {
      gradientSum += Math.abs(Math.trunc(((small[i * DCT_SIZE + j]! - small[(i + 1) * DCT_SIZE + j]!) * 100) / 255));
    }
  }
  for (let i = 0; i < DCT_SIZE; i++) {
    for (let j = 0; j < DCT_SIZE - 1; j++) {
      gradientSum += Math.abs(Math.trunc(((small[i * DCT_SIZE + j]! - small[i * DCT_SIZE + j + 1]!) * 100) / 255));
    }
  }
  return Math.min(100, Math.floor(gradientSum / 90));
}

/** The lower median of 256 values (what the reference's Torben median returns for even counts). */
function lowerMedian(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[(sorted.length - 1) >> 1]!;
}

// ---------------------------------------------------------------------------------------------
// Hash values

/** The 64 hex digits of a hash, in the reference's order (interchangeable with Meta's tools). */
export function pdqToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * A hash from its 64 hex digits (the reference's order).
 * @throws Error naming the value when it is not 64 hex digits.
 */
export function pdqFromHex(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`A PDQ hash is 64 hex digits; got "${hex.slice(0, 80)}".`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

const POPCOUNT8 = (() => {
  const table = new Uint8Array(256);
  for (let i = 1; i < 256; i++) table[i] = (i & 1) + table[i >> 1]!;
  return table;
})();

/** Number of differing bits between two 32-byte hashes. */
export function hammingDistance(a: Uint8Array, b: Uint8Array): number {
  let distance = 0;
  for (let i = 0; i < 32; i++) distance += POPCOUNT8[a[i]! ^ b[i]!]!;
  return distance;
}
