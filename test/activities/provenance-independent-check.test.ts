/**
 * Independent check: a clip signed by Loupe (c2pa-node, i.e. c2pa-rs) is read and validated by a
 * C2PA implementation Loupe does not use itself: @trustnxt/c2pa-ts, pure TypeScript. It checks
 * the COSE signature, every hashed assertion and the BMFF hash; it does not implement
 * chain-of-trust validation (its README says so), so trust stays c2pa-rs's job in Loupe.
 *
 * c2pa-ts 0.9.4 only opens HEIF-branded BMFF files; its box parser and BMFF-hash validator are
 * generic ISO BMFF, so the test lets it open MP4 brands too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BMFF } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';
import { TRAINED_ALGORITHMIC_MEDIA } from '../../activities/provenance/manifest';
import { signClip } from '../../activities/provenance/sign-clip';
import { ensureDevCa } from '../../activities/provenance/dev-ca';

const CLIP = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/videos/doorknob-hd-no-bar.mp4');
let tmp: string;
let signedBytes: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  (BMFF as unknown as { canReadBrands: Set<string> }).canReadBrands.add('isom').add('mp41').add('mp42');
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-c2pa-ts-'));
  const material = await ensureDevCa(path.join(tmp, 'ca'));
  const signed = path.join(tmp, 'signed.mp4');
  await signClip({
    inputPath: CLIP,
    outputPath: signed,
    material,
    title: 'Loupe video for request test',
    generator: { name: 'procedural', version: '1.0.0' },
    loupe: { requestId: 'req-1', policyVersion: 'policy-1', promptSha256: 'a'.repeat(64) },
    watermark: { label: 'AI-generated · Loupe · @test' },
  });
  signedBytes = Uint8Array.from(await readFile(signed));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

async function validate(bytes: Uint8Array<ArrayBuffer>) {
  const asset = new BMFF(bytes);
  const jumbf = asset.getManifestJUMBF();
  expect(jumbf, 'c2pa-ts finds the C2PA box').toBeDefined();
  const store = ManifestStore.read(SuperBox.fromBuffer(Uint8Array.from(jumbf!)));
  let result: ValidationResult;
  try {
    result = await store.validate(asset);
  } catch (error) {
    result = ValidationResult.fromError(error as Error);
  }
  return { store, result };
}

it('validates Loupe\'s signature, assertions and BMFF hash', async () => {
  const { result } = await validate(signedBytes);
  const codes = result.statusEntries.map((entry) => entry.code as string);
  expect(result.isValid, JSON.stringify(result.statusEntries)).toBe(true);
  expect(codes).toEqual(expect.arrayContaining(['claimSignature.validated', 'assertion.bmffHash.match', 'assertion.hashedURI.match']));
});

it('reads the same manifest content: created by a trained model, watermark edit, Loupe assertion', async () => {
  const { store } = await validate(signedBytes);
  const manifest = store.getActiveManifest()!;
  const labels = manifest.assertions!.assertions.map((assertion) => assertion.label);
  expect(labels).toEqual(expect.arrayContaining(['c2pa.actions.v2', 'org.loupe.request', 'c2pa.hash.bmff.v3']));
  const actions = manifest.assertions!.assertions.find((assertion) => assertion.label === 'c2pa.actions.v2') as unknown as {
    actions: { action: string; digitalSourceType?: string }[];
  };
  expect(actions.actions.map((action) => action.action)).toEqual(['c2pa.created', 'c2pa.edited']);
  expect(actions.actions[0]!.digitalSourceType).toBe(TRAINED_ALGORITHMIC_MEDIA);
});

it('rejects the same file with bytes changed in the media data', async () => {
  const tampered = Uint8Array.from(signedBytes);
  tampered.set(Buffer.from('TAMPERED'), Math.floor(tampered.length * 0.7));
  const tamperedPath = path.join(tmp, 'tampered.mp4');
  await writeFile(tamperedPath, tampered);
  const { result } = await validate(Uint8Array.from(await readFile(tamperedPath)));
  expect(result.isValid).toBe(false);
  expect(result.statusEntries.map((entry) => entry.code as string)).toContain('assertion.bmffHash.mismatch');
});
