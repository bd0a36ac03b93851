/**
 * The fixture clip generator (benchmarks and tests only): every clip a byte copy of one pre-rendered
 * MP4, named as the fixture in what it returns, selected by LOUPE_FIXTURE_CLIP and refused in
 * production.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { fixtureClipGenerator } from '../../activities/generation/fixture-clip';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { UnreadableMediaError } from '../../activities/media/probe';
import { ConfigError, loadConfig } from '../../config/env';
import type { Database } from '../../db/schema';
import { buildActivityDeps } from '../../scripts/stack/activity-deps';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-fixture-clip-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const input = { requestId: 'r', prompt: 'a calm lake at sunrise', seed: 7, durationSeconds: 6, width: 720, height: 1280 };

describe('fixtureClipGenerator', () => {
  it('copies the fixture byte for byte and reports its real size and duration, whatever was asked', async () => {
    const fixture = path.join(tmp, 'fixture.mp4');
    await proceduralGenerator.generate({ ...input, durationSeconds: 1, width: 128, height: 228 }, fixture);
    const generator = fixtureClipGenerator(fixture);

    const first = await generator.generate(input, path.join(tmp, 'one.mp4'));
    const second = await generator.generate({ ...input, prompt: 'something else', seed: 8 }, path.join(tmp, 'two.mp4'));

    const original = await readFile(fixture);
    expect((await readFile(first.path)).equals(original)).toBe(true);
    expect((await readFile(second.path)).equals(original)).toBe(true);
    expect(first).toMatchObject({ width: 128, height: 228, generator: { id: 'fixture-clip' } });
    expect(first.durationSeconds).toBeCloseTo(1, 1);
    expect(first.generator.name).toMatch(/benchmarks and tests only/);
  });

  it('refuses a fixture that is not a video, and reads it again on the next attempt', async () => {
    const fixture = path.join(tmp, 'fixture.mp4');
    const generator = fixtureClipGenerator(fixture);
    await expect(generator.generate(input, path.join(tmp, 'out.mp4'))).rejects.toBeInstanceOf(UnreadableMediaError);
    await proceduralGenerator.generate({ ...input, durationSeconds: 1, width: 128, height: 228 }, fixture);
    await expect(generator.generate(input, path.join(tmp, 'out.mp4'))).resolves.toMatchObject({ width: 128 });
  });
});

describe('LOUPE_FIXTURE_CLIP', () => {
  const db = {} as Kysely<Database>;

  it('makes the workers copy that clip instead of rendering', async () => {
    const deps = await buildActivityDeps(loadConfig({ LOUPE_DATA_DIR: tmp, LOUPE_FIXTURE_CLIP: path.join(tmp, 'clip.mp4') }), db);
    expect(deps.generator.id).toBe('fixture-clip');
    expect((await buildActivityDeps(loadConfig({ LOUPE_DATA_DIR: tmp }), db)).generator).toBe(proceduralGenerator);
  });

  it('is refused in production with a sentence naming it', () => {
    const production = { NODE_ENV: 'production', LOUPE_BIOMETRIC_KEY: Buffer.alloc(32, 1).toString('base64'), LOUPE_FIXTURE_CLIP: '/tmp/clip.mp4' };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/LOUPE_FIXTURE_CLIP is not valid: expected to be unset, because in production/);
  });
});
