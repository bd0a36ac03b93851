/**
 * Provenance benchmarks (issue 5), each beside a baseline measured in the same run:
 *  1. C2PA sign and verify of a 10 s 720x1280 H.264 clip, as bytes per second, beside plain
 *     SHA-256 of the same file (the physical floor: signing must at least hash every byte).
 *  2. Fingerprint lookup with 1,000,000 stored PDQ hashes: multi-index lookups per second on one
 *     core, beside a linear scan of the same hashes.
 *  3. Fingerprinting the clip (decode at 1 fps + PDQ of five regions per frame).
 *
 * `npx tsx scripts/bench/provenance.bench.ts` (prefix `taskset -c 0` to pin it to one core).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FingerprintCatalogue } from '../../activities/fingerprint/catalogue';
import { hammingDistance } from '../../activities/fingerprint/pdq';
import { fingerprintVideo } from '../../activities/fingerprint/video';
import { H264_VIDEO_ARGS } from '../../activities/media/encoding';
import { runFfmpeg } from '../../activities/media/ffmpeg';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { signClip } from '../../activities/provenance/sign-clip';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { loadToolEnv } from '../../config/env';

const { BENCH_STORED_HASHES: STORED, BENCH_PART } = loadToolEnv(['BENCH_STORED_HASHES', 'BENCH_PART']);
const QUERIES = 2_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const mbps = (bytes: number, ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(1);

async function timed(repeats: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}

async function signAndVerify(tmp: string) {
  const clip = path.join(tmp, 'clip.mp4');
  // A busy 10 s portrait clip (moving test pattern), encoded like Loupe's own clips.
  await runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=size=720x1280:rate=24:duration=10',
    '-f', 'lavfi', '-i', 'sine=frequency=440:duration=10',
    // Loupe's own encode settings (about 1.5 MB per 10 s).
    ...H264_VIDEO_ARGS, '-c:a', 'aac', '-shortest', '-y', clip,
  ]);
  const { size } = await stat(clip);
  const material = await ensureDevCa(path.join(tmp, 'ca'));
  const signed = path.join(tmp, 'signed.mp4');
  const sign = () =>
    signClip({
      inputPath: clip,
      outputPath: signed,
      material,
      title: 'bench',
      generator: { name: 'bench', version: '1' },
      loupe: { requestId: 'bench', policyVersion: 'bench', promptSha256: '0'.repeat(64) },
      watermark: { label: 'AI · Loupe' },
    });
  const shaMs = await timed(9, () => sha256File(clip));
  const signMs = await timed(9, sign);
  const verifyMs = await timed(9, () => readProvenance(signed, material.trustAnchorsPem));
  const fingerprintMs = await timed(3, () => fingerprintVideo(signed));
  console.log(`\n10 s clip, ${(size / 1e6).toFixed(2)} MB (median of 9 runs after a warm-up)`);
  console.log('| operation | ms | MB/s | time ÷ SHA-256 time |');
  console.log('|---|---:|---:|---:|');
  console.log(`| SHA-256 of the file (floor) | ${shaMs.toFixed(1)} | ${mbps(size, shaMs)} | 1.0× |`);
  console.log(`| C2PA sign (hash + manifest + ES256 + write) | ${signMs.toFixed(1)} | ${mbps(size, signMs)} | ${(signMs / shaMs).toFixed(1)}× |`);
  console.log(`| C2PA verify (parse + BMFF hash + signature + chain) | ${verifyMs.toFixed(1)} | ${mbps(size, verifyMs)} | ${(verifyMs / shaMs).toFixed(1)}× |`);
  console.log(`| fingerprint (decode 1 fps + 5 PDQ per frame), median of 3 | ${fingerprintMs.toFixed(1)} | ${mbps(size, fingerprintMs)} | ${(fingerprintMs / shaMs).toFixed(1)}× |`);
}

function lookups() {
  const catalogue = new FingerprintCatalogue(null as never);
  const probes: Uint8Array[] = [];
  const stored: Uint8Array[] = [];
  let start = performance.now();
  for (let i = 0; i < STORED; i++) {
    const hash = new Uint8Array(randomBytes(32));
    // 1,000 "videos" of 1,000 hashes each (ids only matter for grouping).
    catalogue.add(`video-${i % 1000}`, 'full', hash);
    if (i % Math.floor(STORED / QUERIES) === 0 && stored.length < QUERIES) stored.push(hash);
  }
  const buildMs = performance.now() - start;
  // Half the queries are near copies (up to 31 bits flipped, spread over the chunks), half random.
  for (const [i, hash] of stored.entries()) {
    const copy = Uint8Array.from(hash);
    if (i % 2 === 0) {
      const flips = 10 + (i % 22);
      for (let k = 0; k < flips; k++) {
        const bit = (k * 53 + i) % 256;
        copy[bit >> 3]! ^= 1 << (bit & 7);
      }
      probes.push(copy);
    } else {
      probes.push(new Uint8Array(randomBytes(32)));
    }
  }
  for (const probe of probes.slice(0, 200)) catalogue.lookupHash(probe); // warm-up
  start = performance.now();
  const cpuStart = process.cpuUsage();
  let found = 0;
  for (const probe of probes) if (catalogue.lookupHash(probe).length > 0) found++;
  const indexMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time of this process: what one core delivers even when other work shares the machine.
  const indexCpuMs = (cpu.user + cpu.system) / 1000;

  // Baseline: the same question answered by scanning every stored hash.
  const all: Uint8Array[] = [];
  for (let i = 0; i < STORED; i++) all.push(new Uint8Array(randomBytes(32)));
  const scanProbes = probes.slice(0, 20);
  start = performance.now();
  for (const probe of scanProbes) {
    let best = 256;
    for (const hash of all) best = Math.min(best, hammingDistance(hash, probe));
    if (best < 0) console.log(best);
  }
  const scanMs = performance.now() - start;
  const indexRate = probes.length / (indexMs / 1000);
  const scanRate = scanProbes.length / (scanMs / 1000);
  console.log(`\nFingerprint lookup, ${STORED.toLocaleString('en')} stored hashes (index built in ${(buildMs / 1000).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB)`);
  console.log('| method | lookups/s | µs per lookup | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| multi-index (16 × 16-bit chunks, radius 1), ${probes.length} queries, ${found} found | ${indexRate.toFixed(0)} | ${(1e6 / indexRate).toFixed(0)} | ${(indexRate / scanRate).toFixed(0)}× |`);
  console.log(`| multi-index, per CPU-second of this process (${indexCpuMs.toFixed(0)} ms CPU for ${indexMs.toFixed(0)} ms wall) | ${(probes.length / (indexCpuMs / 1000)).toFixed(0)} | ${((indexCpuMs * 1000) / probes.length).toFixed(0)} | |`);
  console.log(`| linear scan, ${scanProbes.length} queries | ${scanRate.toFixed(1)} | ${(1e6 / scanRate).toFixed(0)} | 1× |`);
  console.log(`(all ${probes.length / 2} near copies must be found: ${found >= probes.length / 2 ? 'yes' : 'NO'})`);
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-bench-provenance-'));
try {
  // BENCH_PART=lookup or =sign runs one half only.
  if (BENCH_PART !== 'lookup') await signAndVerify(tmp);
  if (BENCH_PART !== 'sign') lookups();
} finally {
  await rm(tmp, { recursive: true, force: true });
}
