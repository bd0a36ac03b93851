/**
 * The procedural generator: Loupe's stand-in for a video model, so the whole pipeline (moderation,
 * provenance, review, feed) runs on one laptop with no GPU and no provider account.
 *
 * A clip is a pure function of (prompt, seed, duration, size, source image): the prompt and seed
 * are hashed into a "look" (palette, moving field, texture, glowing orbs, a chord and an arpeggio)
 * and ffmpeg renders that look with lavfi sources. Rendering is bit-exact, so the same input
 * gives a byte-identical MP4; tests and content-addressed storage rely on that.
 *
 * No text is drawn: drawtext needs a font file, and a font that only some machines have would
 * make the same input render differently from one worker to the next.
 */
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';

import { DETERMINISTIC_MP4_OUTPUT_ARGS, H264_VIDEO_ARGS } from '../media/encoding';
import { writeFileAtomically } from '../../db/atomic-file';
import { runFfmpeg } from '../media/ffmpeg';
import { probeVideo } from '../media/probe';
import type { GenerateOptions, GeneratedClip, GenerationInput, VideoGenerator } from './generator';

const FRAME_RATE = 24;
const AUDIO_SAMPLE_RATE = 48_000;
const MAX_DURATION_SECONDS = 20;
const MIN_SIDE_PIXELS = 128;
const MAX_SIDE_PIXELS = 1920;
/**
 * The moving colour field is computed per pixel at 1/10 of the frame size and upscaled with a
 * bicubic filter: the field is smooth anyway, and per-pixel expressions at full size would cost
 * about 100 times more.
 */
const FIELD_DOWNSCALE = 10;
/** Texture cells are 16x16 output pixels: at 8 the patterns read as noise (and cost bitrate). */
const TEXTURE_CELL_PIXELS = 16;

// ---------------------------------------------------------------------------------------------
// Input validation
// ---------------------------------------------------------------------------------------------

/** Throws a clear Error for inputs this renderer cannot honour (policy limits are checked upstream). */
function assertRenderable(input: GenerationInput): void {
  const { durationSeconds, width, height, seed } = input;
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0 || durationSeconds > MAX_DURATION_SECONDS) {
    throw new Error(
      `procedural generator: durationSeconds must be greater than 0 and at most ${MAX_DURATION_SECONDS}, got ${durationSeconds}`,
    );
  }
  for (const [name, side] of [['width', width], ['height', height]] as const) {
    // H.264 with 4:2:0 chroma needs even sides.
    if (!Number.isInteger(side) || side % 2 !== 0 || side < MIN_SIDE_PIXELS || side > MAX_SIDE_PIXELS) {
      throw new Error(
        `procedural generator: ${name} must be an even integer from ${MIN_SIDE_PIXELS} to ${MAX_SIDE_PIXELS}, got ${side}`,
      );
    }
  }
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`procedural generator: seed must be an integer, got ${seed}`);
  }
}

// ---------------------------------------------------------------------------------------------
// From prompt + seed to a look
// ---------------------------------------------------------------------------------------------

/**
 * An endless stream of numbers in [0, 1) drawn from SHA-256(prompt, seed), re-hashing when a
 * digest is used up. Every choice below takes the next number, so the look is fixed by the input
 * and independent of JavaScript's Math.random.
 */
class PromptDigestStream {
  private digest: Buffer;
  private offset = 0;

  constructor(prompt: string, seed: number) {
    this.digest = createHash('sha256').update(`loupe-procedural\u0000${prompt}\u0000${seed}`).digest();
  }

  next(): number {
    if (this.offset + 4 > this.digest.length) {
      this.digest = createHash('sha256').update(this.digest).digest();
      this.offset = 0;
    }
    const value = this.digest.readUInt32BE(this.offset) / 2 ** 32;
    this.offset += 4;
    return value;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  integerBelow(count: number): number {
    return Math.floor(this.next() * count);
  }

  pick<T>(choices: readonly T[]): T {
    const choice = choices[this.integerBelow(choices.length)];
    if (choice === undefined) throw new Error('pick() needs at least one choice');
    return choice;
  }
}

/** Words that set the mood of the palette, so "ocean at dawn" looks blue rather than random. */
const MOOD_HUES: readonly { words: readonly string[]; hueDegrees: number }[] = [
  { words: ['ocean', 'sea', 'water', 'wave', 'rain', 'river', 'blue', 'underwater'], hueDegrees: 205 },
  { words: ['sunset', 'sunrise', 'dawn', 'fire', 'desert', 'autumn', 'orange', 'lava'], hueDegrees: 18 },
  { words: ['forest', 'jungle', 'grass', 'garden', 'green', 'leaf', 'leaves', 'moss'], hueDegrees: 125 },
  { words: ['night', 'space', 'star', 'stars', 'galaxy', 'moon', 'dream', 'purple'], hueDegrees: 255 },
  { words: ['snow', 'ice', 'winter', 'cloud', 'clouds', 'frost', 'mountain'], hueDegrees: 190 },
  { words: ['flower', 'flowers', 'pink', 'candy', 'love', 'blossom', 'cherry'], hueDegrees: 325 },
  { words: ['gold', 'golden', 'sun', 'sunny', 'lemon', 'yellow', 'honey', 'beach'], hueDegrees: 45 },
  { words: ['neon', 'city', 'cyber', 'club', 'party', 'disco', 'robot'], hueDegrees: 290 },
];

function moodHue(prompt: string): number | undefined {
  const words = new Set(prompt.toLowerCase().match(/[a-z]+/g) ?? []);
  return MOOD_HUES.find((mood) => mood.words.some((word) => words.has(word)))?.hueDegrees;
}

type Rgb = readonly [red: number, green: number, blue: number];

function hslToRgb(hueDegrees: number, saturation: number, lightness: number): Rgb {
  const hue = (((hueDegrees % 360) + 360) % 360) / 360;
  const q = lightness < 0.5 ? lightness * (1 + saturation) : lightness + saturation - lightness * saturation;
  const p = 2 * lightness - q;
  const channel = (offset: number): number => {
    const t = (hue + offset + 1) % 1;
    const value = t < 1 / 6 ? p + (q - p) * 6 * t : t < 1 / 2 ? q : t < 2 / 3 ? p + (q - p) * (2 / 3 - t) * 6 : p;
    return Math.round(value * 255);
  };
  return [channel(1 / 3), channel(0), channel(-1 / 3)];
}

/** How the grey field that the palette colours is computed; see fieldExpression. */
type FieldKind = 'waves' | 'rings' | 'interference' | 'swirl';
/** A cellular pattern mixed into the brightness of the field; see textureSource. */
interface Texture {
  kind: 'life' | 'automaton';
  rule: string;
  seed: number;
  /** Generations per second: a few, calmer than one per frame. */
  framesPerSecond: number;
  /** Soft-light opacity on the field's brightness. */
  strength: number;
}

interface Orb {
  diameterFraction: number; // of the frame width
  color: Rgb;
  opacity: number;
  /** Lissajous path: angular speeds (rad/s) and phases. */
  speedX: number;
  speedY: number;
  phaseX: number;
  phaseY: number;
}

interface Look {
  /** Four colours from dark to light; the field's grey levels are mapped through them. */
  palette: readonly [Rgb, Rgb, Rgb, Rgb];
  field: { kind: FieldKind; frequency: number; speed: number; warp: number; arms: number };
  /** null: the field alone. */
  texture: Texture | null;
  orbs: readonly Orb[];
  /** Image-to-video only: zoom in or out, and where the view drifts from and to (0..1 of the slack). */
  camera: { zoomIn: boolean; zoomAmount: number; fromX: number; fromY: number; toX: number; toY: number };
  sound: { chordHz: readonly number[]; arpeggioHz: readonly number[]; beatsPerSecond: number };
}

const LIFE_RULES = ['B3/S23', 'B36/S23', 'B3678/S34678', 'B35678/S5678', 'B368/S245'];
const AUTOMATON_RULES = ['30', '45', '73', '90', '105', '110', '150', '182'];
const MAJOR_CHORD_SEMITONES = [0, 4, 7, 11, 14];
const MINOR_CHORD_SEMITONES = [0, 3, 7, 10, 14];

function deriveLook(prompt: string, seed: number): Look {
  const random = new PromptDigestStream(prompt, seed);

  const baseHue = moodHue(prompt) ?? random.between(0, 360);
  // Analogous, split-complementary or complementary accents around the base hue.
  const accentOffset = random.pick([30, 150, 180, -40]);
  const saturation = random.between(0.55, 0.9);
  const palette = [
    hslToRgb(baseHue, saturation, random.between(0.08, 0.16)),
    hslToRgb(baseHue + accentOffset * 0.33, saturation, random.between(0.3, 0.42)),
    hslToRgb(baseHue + accentOffset, saturation, random.between(0.52, 0.64)),
    hslToRgb(baseHue + accentOffset * 0.5, saturation * 0.6, random.between(0.82, 0.92)),
  ] as const;

  const field = {
    kind: random.pick<FieldKind>(['waves', 'rings', 'interference', 'swirl']),
    frequency: random.between(5, 14),
    speed: random.between(0.4, 1.2),
    warp: random.between(0.5, 2.5),
    arms: 2 + random.integerBelow(5),
  };

  const textureKind = random.pick([null, 'life', 'automaton'] as const);
  const texture: Texture | null =
    textureKind === null
      ? null
      : {
          kind: textureKind,
          rule: textureKind === 'life' ? random.pick(LIFE_RULES) : random.pick(AUTOMATON_RULES),
          seed: random.integerBelow(2 ** 31),
          framesPerSecond: random.pick([4, 6, 8]),
          strength: random.between(0.25, 0.45),
        };

  const orbCount = 2 + random.integerBelow(3);
  const orbs = Array.from({ length: orbCount }, (): Orb => ({
    diameterFraction: random.between(0.25, 0.6),
    // Lights in a contrasting hue, so they stand out from the field rather than melt into it.
    color: hslToRgb(baseHue + 180 + random.between(-40, 40), 0.9, random.between(0.6, 0.75)),
    opacity: random.between(0.55, 0.9),
    speedX: random.between(0.25, 0.9),
    speedY: random.between(0.2, 0.7),
    phaseX: random.between(0, 2 * Math.PI),
    phaseY: random.between(0, 2 * Math.PI),
  }));

  const camera = {
    zoomIn: random.next() < 0.5,
    zoomAmount: random.between(0.12, 0.3),
    fromX: random.between(0.2, 0.8),
    fromY: random.between(0.2, 0.8),
    toX: random.between(0.2, 0.8),
    toY: random.between(0.2, 0.8),
  };

  // A chord on a root between A2 and G#3; minor or major by chance; an arpeggio one octave up.
  const rootHz = 110 * 2 ** (random.integerBelow(12) / 12);
  const chordSemitones = random.next() < 0.5 ? MAJOR_CHORD_SEMITONES : MINOR_CHORD_SEMITONES;
  const chordHz = chordSemitones.slice(0, 3).map((semitones) => rootHz * 2 ** (semitones / 12));
  const arpeggioHz = Array.from(
    { length: 4 },
    () => 2 * rootHz * 2 ** (random.pick(chordSemitones) / 12),
  );
  const beatsPerSecond = random.pick([72, 84, 96, 108, 120]) / 60;

  return { palette, field, texture, orbs, camera, sound: { chordHz, arpeggioHz, beatsPerSecond } };
}

// ---------------------------------------------------------------------------------------------
// From a look to an ffmpeg filter graph
// ---------------------------------------------------------------------------------------------

/**
 * Formats a number for an ffmpeg expression: fixed decimals (so the graph text, and thus the
 * render, never depends on float printing) and negative values in parentheses.
 */
function num(value: number): string {
  const text = value.toFixed(4);
  return value < 0 ? `(${text})` : text;
}

function hexColor([red, green, blue]: Rgb): string {
  return `0x${[red, green, blue].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A geq expression giving a grey level 0..255 for pixel (X, Y) at time T. Coordinates are
 * normalised by the width (u across, v down), so the pattern keeps its shape at any frame size.
 */
function fieldExpression({ kind, frequency, speed, warp, arms }: Look['field']): string {
  const u = '(X/W)';
  const v = '(Y/W)';
  const k = num(frequency);
  const s = num(speed);
  // Centres that wander slowly around the frame.
  const cx = `(0.5+0.3*sin(T*${num(speed * 0.37)}))`;
  const cy = `(0.5*H/W+0.4*cos(T*${num(speed * 0.29)}))`;
  let wave: string;
  switch (kind) {
    case 'waves':
      wave = `sin(${k}*${u}+T*${s}+${num(warp)}*sin(${k}*0.6*${v}-T*${num(speed * 0.7)}))`;
      break;
    case 'rings':
      wave = `sin(${k}*2*hypot(${u}-${cx},${v}-${cy})-T*${s}*2)`;
      break;
    case 'interference':
      wave = `0.5*sin(${k}*2*hypot(${u}-${cx},${v}-${cy})-T*${s}*2)+0.5*sin(${k}*2*hypot(${u}-1+${cx},${v}-H/W+${cy})-T*${s}*1.6)`;
      break;
    case 'swirl':
      wave = `sin(${arms}*atan2(${v}-${cy},${u}-${cx})+${k}*hypot(${u}-${cx},${v}-${cy})-T*${s}*1.5)`;
      break;
  }
  return `clip(127.5+127.5*(${wave}),0,255)`;
}

/** A lutrgb expression for one colour channel: grey level `val` interpolated through the palette. */
function paletteChannelExpression(palette: Look['palette'], channel: 0 | 1 | 2): string {
  const [c0, c1, c2, c3] = palette.map((color) => color[channel]) as [number, number, number, number];
  const segment = (from: number, to: number, start: number) => `${from}+${num(to - from)}*(val-${start})/85`;
  return `if(lt(val,85),${segment(c0, c1, 0)},if(lt(val,170),${segment(c1, c2, 85)},${segment(c2, c3, 170)}))`;
}

function textureSource(texture: Texture, cellsWide: number, cellsHigh: number): string {
  const size = `s=${cellsWide}x${cellsHigh}`;
  // Cellular patterns evolve at a few generations per second (calmer than one per frame) and are
  // then repeated up to the output frame rate.
  const rate = `r=${texture.framesPerSecond}`;
  switch (texture.kind) {
    case 'life':
      return `life=${size}:${rate}:rule=${texture.rule}:seed=${texture.seed}:ratio=0.3:mold=12:life_color=white:death_color=black:mold_color=0x404040`;
    case 'automaton':
      return `cellauto=${size}:${rate}:rule=${texture.rule}:seed=${texture.seed}:ratio=0.5:scroll=1:full=1`;
  }
}

/** The filters that draw `orb` over the stream labelled `input`, producing `output`. */
function orbFilters(orb: Orb, frameWidth: number, input: string, output: string): string[] {
  const diameter = 2 * Math.round((orb.diameterFraction * frameWidth) / 2);
  const radius = diameter / 2;
  // A soft disc drawn once (one frame, per-pixel alpha falling off from the centre) and then
  // repeated; drawing it for every frame would cost a per-pixel expression per frame.
  const alpha = `255*${num(orb.opacity)}*pow(max(0,1-hypot(X-${radius},Y-${radius})/${radius}),0.8)`;
  const sourceChain =
    `color=c=${hexColor(orb.color)}:s=${diameter}x${diameter}:r=${FRAME_RATE},trim=end_frame=1,format=yuva420p,` +
    `geq=lum='p(X,Y)':cb='p(X,Y)':cr='p(X,Y)':a='${alpha}',loop=loop=-1:size=1:start=0[${output}_orb]`;
  // Lissajous path across the whole frame, partly leaving it at the extremes.
  const x = `(W-w)/2*(1+1.1*sin(t*${num(orb.speedX)}+${num(orb.phaseX)}))`;
  const y = `(H-h)/2*(1+1.1*sin(t*${num(orb.speedY)}+${num(orb.phaseY)}))`;
  return [sourceChain, `[${input}][${output}_orb]overlay=x='${x}':y='${y}':eval=frame:shortest=1[${output}]`];
}

/** Stereo pad (a slowly breathing chord) plus a plucked arpeggio, with short fades at both ends. */
function soundGraph({ chordHz, arpeggioHz, beatsPerSecond }: Look['sound'], durationSeconds: number): string {
  const beat = num(1 / beatsPerSecond);
  const pad = (detuneHz: number) =>
    chordHz
      .map((hz, voice) => `0.07*(0.6+0.4*sin(2*PI*t*${num(0.11 + voice * 0.07)}))*sin(2*PI*t*${num(hz + detuneHz)})`)
      .join('+');
  // The note for beat n is arpeggioHz[n mod length], as nested if()s (ffmpeg expressions have no arrays).
  const step = `mod(floor(t/${beat}),${arpeggioHz.length})`;
  const noteHz = arpeggioHz
    .slice(0, -1)
    .reduceRight((otherwise, hz, index) => `if(eq(${step},${index}),${num(hz)},${otherwise})`, num(arpeggioHz.at(-1) ?? 440));
  // Each note starts at phase 0 and decays before the next, so note changes do not click.
  const pluck = `0.12*sin(2*PI*${noteHz}*mod(t,${beat}))*exp(-5*mod(t,${beat})/${beat})`;
  const fade = `max(0,min(1,min(t/0.3,(${num(durationSeconds)}-t)/0.3)))`;
  const left = `(${pad(0)}+0.7*${pluck})*${fade}`;
  const right = `(${pad(0.4)}+${pluck})*${fade}`;
  return `aevalsrc=exprs='${left}|${right}':s=${AUDIO_SAMPLE_RATE}:d=${num(durationSeconds)}:c=stereo[audio]`;
}

/** The full graph for a text-to-video clip: palette-mapped field, texture, orbs, and sound. */
function buildTextToVideoGraph(look: Look, input: GenerationInput): string {
  const { width, height, durationSeconds } = input;
  const fieldWidth = Math.max(16, Math.round(width / FIELD_DOWNSCALE));
  const fieldHeight = Math.max(16, Math.round(height / FIELD_DOWNSCALE));
  const graph: string[] = [];

  graph.push(
    `nullsrc=s=${fieldWidth}x${fieldHeight}:r=${FRAME_RATE}:d=${num(durationSeconds)},format=gray,` +
      `geq=lum='${fieldExpression(look.field)}',format=rgb24,` +
      `lutrgb=r='${paletteChannelExpression(look.palette, 0)}':g='${paletteChannelExpression(look.palette, 1)}':b='${paletteChannelExpression(look.palette, 2)}',` +
      `scale=${width}:${height}:flags=bicubic,format=yuv420p[field]`,
  );

  let current = 'field';
  if (look.texture !== null) {
    // The texture only modulates brightness (soft light on the luma plane); colour stays the palette's.
    graph.push(
      `${textureSource(look.texture, Math.round(width / TEXTURE_CELL_PIXELS), Math.round(height / TEXTURE_CELL_PIXELS))},` +
        `trim=duration=${num(durationSeconds)},fps=${FRAME_RATE},` +
        // A bicubic upscale turns cells into soft glowing blobs; hard square cells read as noise
        // and roughly double the bitrate.
        `scale=${width}:${height}:flags=bicubic,format=yuv420p[texture]`,
      `[field][texture]blend=c0_mode=softlight:c0_opacity=${num(look.texture.strength)}:shortest=1[textured]`,
    );
    current = 'textured';
  }

  look.orbs.forEach((orb, index) => {
    const next = `lit${index}`;
    graph.push(...orbFilters(orb, width, current, next));
    current = next;
  });
  graph.push(`[${current}]format=yuv420p,setsar=1[video]`);

  graph.push(soundGraph(look.sound, durationSeconds));
  return graph.join(';');
}

/** How strongly the prompt's lights show over a source image: enough to see, not enough to hide it. */
const IMAGE_OVERLAY_OPACITY = 0.6;

/**
 * Image-to-video: the source image fills the frame (cropped to the aspect ratio) and the camera
 * slowly zooms and drifts (a Ken Burns move); the prompt's procedural lights drift over it, so the
 * clip derives visibly from the image and still depends on prompt and seed. The image is upscaled
 * 2x first because zoompan positions its crop on whole pixels; at 2x the steps are half as visible.
 */
function buildImageToVideoGraph(look: Look, input: GenerationInput): string {
  const { width, height, durationSeconds } = input;
  const frames = Math.max(1, Math.round(durationSeconds * FRAME_RATE));
  const { zoomIn, zoomAmount, fromX, fromY, toX, toY } = look.camera;
  const progress = `(on/${frames})`;
  const zoom = zoomIn ? `1+${num(zoomAmount)}*${progress}` : `1+${num(zoomAmount)}*(1-${progress})`;
  const x = `(iw-iw/zoom)*(${num(fromX)}+${num(toX - fromX)}*${progress})`;
  const y = `(ih-ih/zoom)*(${num(fromY)}+${num(toY - fromY)}*${progress})`;
  const graph: string[] = [
    // Only the first frame is used, so an animated or video source cannot multiply the output.
    `[0:v]trim=end_frame=1,scale=${width * 2}:${height * 2}:force_original_aspect_ratio=increase:flags=bicubic,` +
      `crop=${width * 2}:${height * 2},setsar=1,format=yuv444p,` +
      `zoompan=z='${zoom}':x='${x}':y='${y}':d=${frames}:s=${width}x${height}:fps=${FRAME_RATE},` +
      `format=yuv420p,setsar=1[background]`,
  ];
  let current = 'background';
  look.orbs.forEach((orb, index) => {
    const next = `lit${index}`;
    graph.push(...orbFilters({ ...orb, opacity: orb.opacity * IMAGE_OVERLAY_OPACITY }, width, current, next));
    current = next;
  });
  graph.push(`[${current}]format=yuv420p,setsar=1[video]`, soundGraph(look.sound, durationSeconds));
  return graph.join(';');
}

/** The complete ffmpeg command line (minus the binary) that renders `input` into `outputPath`. */
function buildRenderArgs(input: GenerationInput, outputPath: string): string[] {
  const look = deriveLook(input.prompt, input.seed);
  const imageInput = input.sourceImagePath === undefined ? [] : ['-i', input.sourceImagePath];
  const graph =
    input.sourceImagePath === undefined ? buildTextToVideoGraph(look, input) : buildImageToVideoGraph(look, input);
  return [
    ...imageInput,
    '-filter_complex', graph,
    '-map', '[video]',
    '-map', '[audio]',
    ...H264_VIDEO_ARGS,
    '-r', String(FRAME_RATE),
    '-c:a', 'aac',
    '-b:a', '96k',
    '-ar', String(AUDIO_SAMPLE_RATE),
    '-t', num(input.durationSeconds),
    ...DETERMINISTIC_MP4_OUTPUT_ARGS,
    '-y', outputPath,
  ];
}

const GENERATOR_IDENTITY = {
  id: 'procedural',
  name: 'Loupe procedural generator (stands in for a video model)',
  // Bump when a change makes the same input render different bytes.
  // 1.1.0: image-to-video clips carry the prompt's lights over the source image.
  version: '1.1.0',
} as const;

export const proceduralGenerator: VideoGenerator = {
  ...GENERATOR_IDENTITY,

  async generate(input: GenerationInput, outputPath: string, options: GenerateOptions = {}): Promise<GeneratedClip> {
    assertRenderable(input);
    if (input.sourceImagePath !== undefined) {
      await access(input.sourceImagePath).catch((cause: unknown) => {
        throw new Error(`procedural generator: source image ${input.sourceImagePath} cannot be read`, { cause });
      });
    }
    await writeFileAtomically(outputPath, (tempPath) =>
      runFfmpeg(buildRenderArgs(input, tempPath), { signal: options.signal }),
    );
    const probe = await probeVideo(outputPath, { signal: options.signal });
    return {
      path: outputPath,
      durationSeconds: probe.durationSeconds,
      width: probe.width,
      height: probe.height,
      generator: { ...GENERATOR_IDENTITY },
    };
  },
};
