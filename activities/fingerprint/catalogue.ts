/**
 * The fingerprint lookup of one worker process: an in-memory multi-index over every stored frame
 * hash, loaded from PostgreSQL (the durable copy) and caught up incrementally before each lookup
 * (rows are append-only with a bigserial id, so "what is new" is one indexed range query).
 *
 * Results are filtered to published videos when reported: the index itself never forgets a hash.
 */
import type { Kysely } from 'kysely';
import { fingerprintsAfter } from '../../db/queries/fingerprints';
import type { Database } from '../../db/schema';
import { PdqMultiIndex } from './multi-index';
import { PDQ_MATCH_THRESHOLD } from './pdq';
import { FRAME_REGIONS, VIDEO_MATCH_COVERAGE, type FrameHash, type FrameRegion } from './video';

export interface CatalogueMatch {
  videoId: string;
  distance: number;
  coverage: number;
  matchedFrames: number;
  sampledFrames: number;
}

const REGION_CODE = new Map<FrameRegion, number>(FRAME_REGIONS.map((region, code) => [region, code]));

export class FingerprintCatalogue {
  private readonly index = new PdqMultiIndex(4096);
  /** Entry number -> index into `videoIds`. */
  private entryVideo = new Int32Array(4096);
  private readonly videoIds: string[] = [];
  private readonly videoNumbers = new Map<string, number>();
  private lastId = '0';
  private catchingUp: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  get size(): number {
    return this.index.size;
  }

  /** Loads rows added since the last call (one caller at a time; others wait for it). */
  async catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (;;) {
          const rows = await fingerprintsAfter(this.db, this.lastId, 10_000);
          for (const row of rows) this.add(row.video_id, row.region, row.hash);
          if (rows.length > 0) this.lastId = rows[rows.length - 1]!.id;
          if (rows.length < 10_000) break;
        }
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** Adds one hash without the database (benchmarks, tests). */
  add(videoId: string, region: FrameRegion, hash: Uint8Array): void {
    let videoNumber = this.videoNumbers.get(videoId);
    if (videoNumber === undefined) {
      videoNumber = this.videoIds.length;
      this.videoIds.push(videoId);
      this.videoNumbers.set(videoId, videoNumber);
    }
    const entry = this.index.add(hash, REGION_CODE.get(region) ?? 0);
    if (entry >= this.entryVideo.length) {
      const grown = new Int32Array(this.entryVideo.length * 2);
      grown.set(this.entryVideo);
      this.entryVideo = grown;
    }
    this.entryVideo[entry] = videoNumber;
  }

  /** Frame-level lookup: every stored hash of the same region within 31 bits. */
  lookupHash(hash: Uint8Array, region: FrameRegion = 'full'): { videoId: string; distance: number }[] {
    return this.index.search(hash, PDQ_MATCH_THRESHOLD, REGION_CODE.get(region)).map((hit) => ({
      videoId: this.videoIds[this.entryVideo[hit.entry]!]!,
      distance: hit.distance,
    }));
  }

  /**
   * Video-level lookup: for each stored video, how many of the query's sampled frames have a
   * region hash within 31 bits of one of its hashes. Returns the videos whose coverage reaches
   * VIDEO_MATCH_COVERAGE, best first (coverage, then distance).
   */
  matchVideo(frames: FrameHash[]): CatalogueMatch[] {
    const sampled = new Set(frames.map((frame) => frame.frameIndex)).size;
    if (sampled === 0) return [];
    // video -> query frame -> best distance
    const perVideo = new Map<string, Map<number, number>>();
    for (const frame of frames) {
      for (const hit of this.lookupHash(frame.hash, frame.region)) {
        let byFrame = perVideo.get(hit.videoId);
        if (!byFrame) perVideo.set(hit.videoId, (byFrame = new Map()));
        byFrame.set(frame.frameIndex, Math.min(byFrame.get(frame.frameIndex) ?? Infinity, hit.distance));
      }
    }
    const matches: CatalogueMatch[] = [];
    for (const [videoId, byFrame] of perVideo) {
      const distances = [...byFrame.values()].sort((a, b) => a - b);
      const coverage = distances.length / sampled;
      if (coverage < VIDEO_MATCH_COVERAGE) continue;
      matches.push({ videoId, distance: distances[(distances.length - 1) >> 1]!, coverage, matchedFrames: distances.length, sampledFrames: sampled });
    }
    return matches.sort((a, b) => b.coverage - a.coverage || a.distance - b.distance);
  }
}

const catalogues = new WeakMap<Kysely<Database>, FingerprintCatalogue>();

/** The process's catalogue for this database connection (built on first use). */
export function fingerprintCatalogueFor(db: Kysely<Database>): FingerprintCatalogue {
  let catalogue = catalogues.get(db);
  if (!catalogue) catalogues.set(db, (catalogue = new FingerprintCatalogue(db)));
  return catalogue;
}
