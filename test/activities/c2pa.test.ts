/**
 * C2PA provenance: dev CA lifecycle, signing a generated MP4, and the verdicts a verifier must
 * give (Trusted / Valid-but-untrusted / Invalid after tampering / no manifest).
 * Real c2pa-rs, real ffmpeg, real files in a temp directory; nothing touches the network.
 */
import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { DEV_ROOT_CA_COMMON_NAME } from '../../activities/provenance/dev-ca-certificates';
import { TRAINED_ALGORITHMIC_MEDIA } from '../../activities/provenance/manifest';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { signClip, type SignClipInput } from '../../activities/provenance/sign-clip';
import { loadSigningMaterialFromFiles, type SigningMaterial } from '../../activities/provenance/signing-material';
import type { LoupeProvenanceAssertion } from '../../contracts/provenance-report';

const run = promisify(execFile);

let work: string;
let material: SigningMaterial;
let rawClip: string;
let signedClip: string;

const loupe: LoupeProvenanceAssertion = {
  requestId: 'req-0001',
  policyVersion: 'prompt-policy@2026-11-01',
  promptSha256: createHash('sha256').update('a corgi surfing at sunset').digest('hex'),
};
const generator = { name: 'loupe-procedural', version: '1.2.0' };

async function makeMp4(file: string, seconds = 2): Promise<void> {
  await run(ffmpeg.path, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=s=360x640:d=${seconds}`,
    '-f', 'lavfi', '-i', `sine=d=${seconds}`,
    '-c:v', 'libx264', '-c:a', 'aac', '-shortest', '-movflags', '+faststart',
    file,
  ]);
}

function baseInput(overrides: Partial<SignClipInput> = {}): SignClipInput {
  return {
    inputPath: rawClip,
    outputPath: path.join(work, `signed-${Math.random().toString(36).slice(2)}.mp4`),
    material,
    title: 'Loupe video for request req-0001',
    generator,
    loupe,
    ...overrides,
  };
}

/** Top-level ISO-BMFF boxes (enough to find mdat without trusting the code under test). */
function topLevelBoxes(bytes: Buffer): { type: string; offset: number; size: number }[] {
  const boxes = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (size === 1) size = Number(bytes.readBigUInt64BE(offset + 8));
    if (size === 0) size = bytes.length - offset;
    boxes.push({ type, offset, size });
    offset += size;
  }
  return boxes;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'loupe-c2pa-'));
  material = await ensureDevCa(path.join(work, 'dev-ca'));
  rawClip = path.join(work, 'raw.mp4');
  await makeMp4(rawClip);
  signedClip = path.join(work, 'signed.mp4');
  await signClip(baseInput({ outputPath: signedClip, watermark: { label: 'AI-generated · Loupe · @corgifan' } }));
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('ensureDevCa', () => {
  it('creates the CA once and reloads the same material afterwards', async () => {
    const dir = path.join(work, 'dev-ca');
    const again = await ensureDevCa(dir);
    expect(again).toEqual(material);
    expect(again.algorithm).toBe('es256');

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(['root-ca.cert.pem', 'root-ca.key.pem', 'signer.cert.pem', 'signer.key.pem']);
    for (const key of ['root-ca.key.pem', 'signer.key.pem']) {
      expect((await stat(path.join(dir, key))).mode & 0o777).toBe(0o600);
    }
    // No staging directories left next to it.
    expect((await readdir(work)).filter((name) => name.includes('staging'))).toEqual([]);
  });

  it('issues a v3 end-entity signing certificate from the development root', () => {
    const [leafPem, rootPem] = material.certChainPem.split(/(?<=-----END CERTIFICATE-----\n)/);
    const leaf = new X509Certificate(leafPem!);
    const root = new X509Certificate(material.trustAnchorsPem);
    expect(rootPem).toBe(material.trustAnchorsPem);
    expect(root.subject).toContain(`CN=${DEV_ROOT_CA_COMMON_NAME}`);
    expect(root.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(root)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(true);
    expect(leaf.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36']));
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const years = (Date.parse(leaf.validTo) - Date.now()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(1.9);
    expect(years).toBeLessThan(2.1);
  });

  it('loads configured PEM files and rejects a key that does not match the certificate', async () => {
    const dir = path.join(work, 'dev-ca');
    const loaded = await loadSigningMaterialFromFiles({
      certChainPath: path.join(dir, 'signer.cert.pem'),
      privateKeyPath: path.join(dir, 'signer.key.pem'),
      trustAnchorsPath: path.join(dir, 'root-ca.cert.pem'),
    });
    expect(loaded.privateKeyPem).toBe(material.privateKeyPem);
    await expect(
      loadSigningMaterialFromFiles({
        certChainPath: path.join(dir, 'signer.cert.pem'),
        privateKeyPath: path.join(dir, 'root-ca.key.pem'),
        trustAnchorsPath: path.join(dir, 'root-ca.cert.pem'),
      }),
    ).rejects.toThrow(/does not belong to the first certificate/);
  });
});

describe('signClip / readProvenance', () => {
  it('reads a Loupe-signed MP4 as Trusted, with the AI-creation action and the Loupe assertion', async () => {
    const report = await readProvenance(signedClip, material.trustAnchorsPem);
    expect(report.manifestPresent).toBe(true);
    expect(report.validationState).toBe('Trusted');
    const codes = report.validationCodes.map((c) => c.code);
    expect(codes).toContain('signingCredential.trusted');
    expect(codes).toContain('assertion.bmffHash.match');
    expect(report.validationCodes.filter((c) => c.kind === 'failure')).toEqual([]);

    expect(report.actions[0]).toEqual({
      action: 'c2pa.created',
      digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
      softwareAgent: 'loupe-procedural/1.2.0',
    });
    expect(report.actions[1]?.action).toBe('c2pa.edited');
    expect(report.loupe).toEqual(loupe);
    expect(report.signer).toMatchObject({ commonName: 'Loupe Development Content Signer', time: null });
    expect(report.activeManifestLabel).toMatch(/^urn:c2pa:/);

    // BMFF hard binding, and the prompt itself appears nowhere in the manifest.
    const storeJson = JSON.stringify(report.manifestStore);
    expect(storeJson).toContain('c2pa.hash.bmff');
    expect(storeJson).not.toContain('corgi surfing');
    expect(storeJson).toContain('Visible watermark');
  });

  it('records a remix parent as an inputTo ingredient carrying its Loupe video id', async () => {
    const remix = path.join(work, 'remix.mp4');
    await signClip(
      baseInput({
        outputPath: remix,
        parent: { path: signedClip, videoId: 'video-parent-42', title: 'Loupe video video-parent-42' },
      }),
    );
    const report = await readProvenance(remix, material.trustAnchorsPem);
    expect(report.validationState).toBe('Trusted');
    expect(report.ingredients).toEqual([
      { title: 'Loupe video video-parent-42', relationship: 'inputTo', videoId: 'video-parent-42', format: 'video/mp4' },
    ]);
    expect(report.actions[0]?.action).toBe('c2pa.created');
    // The parent's own manifest travels with the remix, so the chain is auditable.
    const manifests = (report.manifestStore as { manifests: Record<string, unknown> }).manifests;
    expect(Object.keys(manifests)).toHaveLength(2);
  });

  it('records an image-to-video source image as an inputTo ingredient with its format and SHA-256', async () => {
    const image = path.join(work, 'source.webp');
    await run(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '1', '-c:v', 'libwebp', image]);
    const sha256 = createHash('sha256').update(await readFile(image)).digest('hex');
    const fromImage = path.join(work, 'from-image.mp4');
    await signClip(baseInput({ outputPath: fromImage, sourceImage: { path: image, sha256, mimeType: 'image/webp' } }));

    const report = await readProvenance(fromImage, material.trustAnchorsPem);
    expect(report.validationState).toBe('Trusted');
    expect(report.ingredients).toEqual([
      { title: `Source image ${sha256.slice(0, 12)}`, relationship: 'inputTo', format: 'image/webp', sourceImageSha256: sha256 },
    ]);
    // The created action names the image as what it was made from.
    expect(JSON.stringify(report.manifestStore)).toContain('c2pa.ingredient.v3');
    expect(report.actions[0]?.action).toBe('c2pa.created');
  });

  it('reads Invalid with a BMFF hash mismatch after bytes in mdat are flipped', async () => {
    const bytes = Buffer.from(await readFile(signedClip));
    const mdat = topLevelBoxes(bytes).find((box) => box.type === 'mdat');
    expect(mdat).toBeDefined();
    const at = mdat!.offset + Math.floor(mdat!.size / 2);
    for (let i = 0; i < 16; i++) bytes[at + i] = (bytes[at + i] ?? 0) ^ 0xff;
    const tampered = path.join(work, 'tampered.mp4');
    await writeFile(tampered, bytes);

    const report = await readProvenance(tampered, material.trustAnchorsPem);
    expect(report.manifestPresent).toBe(true);
    expect(report.validationState).toBe('Invalid');
    expect(report.validationCodes).toContainEqual(
      expect.objectContaining({ code: 'assertion.bmffHash.mismatch', kind: 'failure' }),
    );
  });

  it('reads a clip signed by another CA (even one with the same name) as Valid, not Trusted', async () => {
    const other = await ensureDevCa(path.join(work, 'other-ca'));
    expect(other.trustAnchorsPem).not.toBe(material.trustAnchorsPem);
    const foreign = path.join(work, 'foreign.mp4');
    await signClip(baseInput({ outputPath: foreign, material: other }));

    const underLoupe = await readProvenance(foreign, material.trustAnchorsPem);
    expect(underLoupe.validationState).toBe('Valid');
    expect(underLoupe.validationCodes).toContainEqual(
      expect.objectContaining({ code: 'signingCredential.untrusted', kind: 'failure' }),
    );
    expect(underLoupe.loupe).toEqual(loupe);

    // Without any anchors nothing is trusted either; with its own root it is.
    expect((await readProvenance(foreign, null)).validationState).toBe('Valid');
    expect((await readProvenance(foreign, other.trustAnchorsPem)).validationState).toBe('Trusted');
  });

  it('reports a file without a manifest as such instead of throwing', async () => {
    const report = await readProvenance(rawClip, material.trustAnchorsPem);
    expect(report).toMatchObject({
      manifestPresent: false,
      validationState: null,
      validationCodes: [],
      signer: null,
      loupe: null,
      activeManifestLabel: null,
    });
  });

  it('throws a clear error for missing or non-video input, and leaves no output behind', async () => {
    const notVideo = path.join(work, 'notes.mp4');
    await writeFile(notVideo, 'this is not a video');
    await expect(readProvenance(notVideo, null)).rejects.toThrow(/not a valid MP4\/MOV video|not an MP4\/MOV video/);
    await expect(readProvenance(path.join(work, 'missing.mp4'), null)).rejects.toThrow(/Cannot read the file to verify/);

    const output = path.join(work, 'never.mp4');
    await expect(signClip(baseInput({ inputPath: notVideo, outputPath: output }))).rejects.toThrow(/clip to sign/);
    expect((await readdir(work)).filter((name) => name.startsWith('.never.mp4') || name === 'never.mp4')).toEqual([]);
  });
});
