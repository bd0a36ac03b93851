/**
 * Signing keys: a callback signer (the shape of a KMS/HSM that returns DER ECDSA signatures)
 * produces manifests that verify Trusted like the local key does.
 */
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { signClip } from '../../activities/provenance/sign-clip';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { callbackSigner, derToP1363 } from '../../activities/provenance/signer';

const CLIP = path.resolve(import.meta.dirname, '../../../shared/testdata/pdq/videos/doorknob-hd-no-bar.mp4');
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'loupe-signer-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

const base = {
  title: 'Loupe video',
  generator: { name: 'procedural', version: '1' },
  loupe: { requestId: 'r', policyVersion: 'p', promptSha256: 'f'.repeat(64) },
};

it('signs through a callback signer that returns DER signatures, and the file reads Trusted', async () => {
  const material = await ensureDevCa(path.join(tmp, 'ca'));
  const key = createPrivateKey(material.privateKeyPem);
  let calls = 0;
  const signer = callbackSigner({
    certChainPem: material.certChainPem,
    // Stands in for a KMS: returns a DER ECDSA signature, as AWS KMS and most HSMs do.
    signDigest: async (_digest, toBeSigned) => {
      calls++;
      return cryptoSign('sha256', toBeSigned, key);
    },
  });
  const output = path.join(tmp, 'callback.mp4');
  await signClip({ ...base, inputPath: CLIP, outputPath: output, material, signer });
  expect(calls).toBe(1);
  const report = await readProvenance(output, material.trustAnchorsPem);
  expect(report.validationState).toBe('Trusted');
});

it('converts DER ECDSA signatures to raw r||s and refuses anything else', () => {
  const der = Buffer.from('3044022000' + 'aa'.repeat(31) + '0220' + 'bb'.repeat(32), 'hex');
  expect(derToP1363(der).toString('hex')).toBe('00' + 'aa'.repeat(31) + 'bb'.repeat(32));
  expect(() => derToP1363(Buffer.from('nonsense'))).toThrow(/neither a 64-byte/);
});
