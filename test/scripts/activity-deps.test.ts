/**
 * buildActivityDeps: the one place npm start, scripts/worker.ts and the test stack turn the
 * configuration into the activities' dependencies. Each variable that shapes a worker must reach
 * what the activities get, and an override must win over what the configuration says.
 * No database and no network: the connection is only passed through, signing material is local.
 */
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { proceduralGenerator } from '../../activities/generation/procedural';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { loadConfig } from '../../config/env';
import type { Database } from '../../db/schema';
import { buildActivityDeps, loadSigningMaterial } from '../../scripts/stack/activity-deps';

/** Stands in for a connection: the builder hands it to the activities untouched. */
const db = { marker: 'the caller’s pool' } as unknown as Kysely<Database>;
const MEDIA_KEY = `videos/${'ab'.repeat(32)}.mp4`;

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-activity-deps-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const exists = (file: string) => access(file).then(() => true, () => false);

describe('buildActivityDeps', () => {
  it('builds every dependency from the configuration', async () => {
    const config = loadConfig({ LOUPE_DATA_DIR: tmp, LOUPE_QA_SAMPLE_RATE: '0.2' });
    const deps = await buildActivityDeps(config, db);

    expect(deps.db).toBe(db);
    expect(deps.qaSampleRate).toBe(0.2);
    expect(deps.workDir).toBe(path.join(tmp, 'work'));
    expect(await deps.media.localPath(MEDIA_KEY)).toBe(path.join(tmp, 'media', MEDIA_KEY));
    expect(deps.generator).toBe(proceduralGenerator);
    expect(deps.externalModeration).toBeUndefined();
    // No C2PA_*_PATH: the development CA, created under <data dir>/c2pa, and no time-stamp authority.
    expect(await exists(path.join(tmp, 'c2pa'))).toBe(true);
    expect(deps.signing).toMatchObject(await ensureDevCa(path.join(tmp, 'c2pa'))); // loads what was created
    expect(deps.signing).not.toHaveProperty('tsaUrl');
  });

  it('takes the QA sample rate from the policy default when LOUPE_QA_SAMPLE_RATE is unset', async () => {
    const deps = await buildActivityDeps(loadConfig({ LOUPE_DATA_DIR: tmp }), db);
    expect(deps.qaSampleRate).toBe(0.05);
  });

  it('countersigns with C2PA_TSA_URL when it is set', async () => {
    const config = loadConfig({ LOUPE_DATA_DIR: tmp, C2PA_TSA_URL: 'http://127.0.0.1:3161/tsa' });
    expect((await buildActivityDeps(config, db)).signing.tsaUrl).toBe('http://127.0.0.1:3161/tsa');
    expect((await loadSigningMaterial(config)).tsaUrl).toBe('http://127.0.0.1:3161/tsa');
  });

  it('signs with the certificate files C2PA_*_PATH name instead of the development CA', async () => {
    const issued = await ensureDevCa(path.join(tmp, 'issued-elsewhere'));
    const files = { chain: path.join(tmp, 'chain.pem'), key: path.join(tmp, 'key.pem'), anchors: path.join(tmp, 'anchors.pem') };
    await writeFile(files.chain, issued.certChainPem);
    await writeFile(files.key, issued.privateKeyPem);
    await writeFile(files.anchors, issued.trustAnchorsPem);
    const config = loadConfig({
      LOUPE_DATA_DIR: path.join(tmp, 'data'),
      C2PA_CERT_CHAIN_PATH: files.chain,
      C2PA_PRIVATE_KEY_PATH: files.key,
      C2PA_TRUST_ANCHORS_PATH: files.anchors,
      C2PA_TSA_URL: 'http://127.0.0.1:3161/tsa',
    });

    const { signing } = await buildActivityDeps(config, db);
    expect(signing).toMatchObject({ certChainPem: issued.certChainPem, trustAnchorsPem: issued.trustAnchorsPem, tsaUrl: 'http://127.0.0.1:3161/tsa' });
    expect(await exists(config.c2paDir)).toBe(false); // no development CA was made
  });

  it('stops with the signing material\'s own sentence when a configured file is missing', async () => {
    const config = loadConfig({
      LOUPE_DATA_DIR: tmp,
      C2PA_CERT_CHAIN_PATH: path.join(tmp, 'missing-chain.pem'),
      C2PA_PRIVATE_KEY_PATH: path.join(tmp, 'missing-key.pem'),
      C2PA_TRUST_ANCHORS_PATH: path.join(tmp, 'missing-anchors.pem'),
    });
    await expect(buildActivityDeps(config, db)).rejects.toThrow(/missing-(chain|key|anchors)\.pem/);
  });

  it('asks the external classifier when LOUPE_EXTERNAL_MODERATION=openai', async () => {
    const config = loadConfig({ LOUPE_DATA_DIR: tmp, LOUPE_EXTERNAL_MODERATION: 'openai', OPENAI_API_KEY: 'sk-test' });
    expect((await buildActivityDeps(config, db)).externalModeration).toBeDefined();
  });

  it('uses what the caller overrides instead of building it', async () => {
    const config = loadConfig({ LOUPE_DATA_DIR: path.join(tmp, 'data'), LOUPE_QA_SAMPLE_RATE: '0.5', LOUPE_EXTERNAL_MODERATION: 'openai', OPENAI_API_KEY: 'sk-test' });
    const signing = await ensureDevCa(path.join(tmp, 'test-ca'));
    const deps = await buildActivityDeps(config, db, { qaSampleRate: 0, signing, workDir: path.join(tmp, 'scratch'), externalModeration: undefined });

    expect(deps.qaSampleRate).toBe(0);
    expect(deps.signing).toBe(signing);
    expect(deps.workDir).toBe(path.join(tmp, 'scratch'));
    expect(deps.externalModeration).toBeUndefined();
    expect(await exists(config.c2paDir)).toBe(false); // the configured CA was not loaded
  });
});
