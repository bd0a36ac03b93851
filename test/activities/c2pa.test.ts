/**
 * C2PA provenance: dev CA lifecycle, signing a generated MP4, and the verdicts a verifier must
 * give (Trusted / Valid-but-untrusted / Invalid after tampering / no manifest), and how the
 * reader's JSON is mapped to Loupe's report.
 * Real c2pa-rs, real ffmpeg, real files in a temp directory; nothing touches the network.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../../activities/media/ffmpeg';
// @peculiar/x509 (used here to read extensions Node's parser does not expose) needs the Reflect
// metadata API before it loads.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { DEV_ROOT_CA_COMMON_NAME } from '../../activities/provenance/dev-ca-certificates';
import { TRAINED_ALGORITHMIC_MEDIA } from '../../activities/provenance/manifest';
import { UnexpectedManifestStoreError } from '../../activities/provenance/manifest-store';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { declaredWatermark, provenanceReportFrom } from '../../activities/provenance/report-mapping';
import { signClip, type SignClipInput } from '../../activities/provenance/sign-clip';
import { loadSigningMaterialFromFiles, splitPemCertificates, type SigningMaterial } from '../../activities/provenance/signing-material';
import type { LoupeProvenanceAssertion } from '../../contracts/provenance-report';


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
  await runFfmpeg([
    '-y',
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

  it('gives both certificates the profile c2pa-rs checks, extension by extension', () => {
    const [leafPem] = splitPemCertificates(material.certChainPem);
    const leaf = new x509.X509Certificate(leafPem!);
    const root = new x509.X509Certificate(material.trustAnchorsPem);

    const rootBasic = root.getExtension(x509.BasicConstraintsExtension);
    expect([rootBasic?.ca, rootBasic?.pathLength, rootBasic?.critical]).toEqual([true, 0, true]);
    const rootUsage = root.getExtension(x509.KeyUsagesExtension);
    expect([rootUsage?.usages, rootUsage?.critical]).toEqual([x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true]);

    const leafBasic = leaf.getExtension(x509.BasicConstraintsExtension);
    expect([leafBasic?.ca, leafBasic?.critical]).toEqual([false, true]);
    const leafUsage = leaf.getExtension(x509.KeyUsagesExtension);
    expect([leafUsage?.usages, leafUsage?.critical]).toEqual([x509.KeyUsageFlags.digitalSignature, true]);
    const extendedUsage = leaf.getExtension(x509.ExtendedKeyUsageExtension);
    expect([extendedUsage?.usages, extendedUsage?.critical]).toEqual([['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36'], false]);

    // Key identifiers by RFC 5280 method 1 (SHA-1 of the EC point), computed here with Node's crypto.
    const keyId = (cert: x509.X509Certificate) => {
      const jwk = new X509Certificate(cert.toString('pem')).publicKey.export({ format: 'jwk' });
      const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
      return createHash('sha1').update(point).digest('hex');
    };
    expect(root.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toBe(keyId(root));
    expect(root.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(keyId(root));
    expect(leaf.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toBe(keyId(leaf));
    expect(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(keyId(root));
    expect(leaf.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(leaf.subject).toBe(`O=Loupe, OU=Development, CN=Loupe Development Content Signer`);
  });

  it('still loads a development CA folder written by the hand-written DER encoder Loupe used before, with the same profile', async () => {
    // The fixture was created on 2026-11-29 by the dev-ca.ts that encoded DER by hand; its signing
    // certificate is valid until 2028-11-29, so the loader's clock is set inside that window.
    const fixture = path.resolve(import.meta.dirname, 'fixtures/dev-ca-hand-written-der');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-06-01T00:00:00Z'));
    let loaded: SigningMaterial;
    try {
      loaded = await ensureDevCa(fixture);
    } finally {
      vi.useRealTimers();
    }
    const rootPem = await readFile(path.join(fixture, 'root-ca.cert.pem'), 'utf8');
    const signerPem = await readFile(path.join(fixture, 'signer.cert.pem'), 'utf8');
    expect(loaded.trustAnchorsPem).toBe(rootPem);
    expect(loaded.certChainPem).toBe(signerPem + rootPem);
    expect(new X509Certificate(signerPem).checkPrivateKey(createPrivateKey(loaded.privateKeyPem))).toBe(true);

    // Same names (as DER), same extensions in the same order with the same criticality and, but
    // for the key identifiers, the same bytes: the library writes what the hand-written code did.
    // subjectKeyIdentifier and authorityKeyIdentifier (RFC 5280 §4.2.1.2, §4.2.1.1) differ per key.
    const KEY_IDENTIFIER_OIDS = ['2.5.29.14', '2.5.29.35'];
    const profile = (pem: string) => {
      const cert = new x509.X509Certificate(pem);
      return {
        subject: Buffer.from(cert.subjectName.toArrayBuffer()).toString('hex'),
        issuer: Buffer.from(cert.issuerName.toArrayBuffer()).toString('hex'),
        signatureAlgorithm: cert.signatureAlgorithm,
        extensions: cert.extensions.map((extension) => ({
          type: extension.type,
          critical: extension.critical,
          value: KEY_IDENTIFIER_OIDS.includes(extension.type) ? 'key id' : Buffer.from(extension.value).toString('hex'),
        })),
      };
    };
    const [leafPem] = splitPemCertificates(material.certChainPem);
    expect(profile(leafPem!)).toEqual(profile(signerPem));
    expect(profile(material.trustAnchorsPem)).toEqual(profile(rootPem));
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
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '1', '-c:v', 'libwebp', image]);
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

describe('provenanceReportFrom: the reader\'s JSON mapped to the report', () => {
  const LABEL = 'urn:c2pa:test';
  const store = (manifest: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    active_manifest: LABEL,
    manifests: { [LABEL]: manifest },
    validation_state: 'Valid',
    ...extra,
  });

  it('stops with a sentence naming the field when c2pa-rs\'s own structure has another shape', () => {
    const wrongIssuer = () => provenanceReportFrom(store({ signature_info: { issuer: 42 } }));
    expect(wrongIssuer).toThrow(UnexpectedManifestStoreError);
    expect(wrongIssuer).toThrow(/manifests\.urn:c2pa:test\.signature_info\.issuer: .*expected string/);
    expect(() => provenanceReportFrom(store({}, { validation_state: 'Maybe' }))).toThrow(/validation_state/);
    expect(() => provenanceReportFrom(store({}, { validation_status: [{ explanation: 'no code' }] }))).toThrow(/validation_status\.0\.code/);
    expect(() => provenanceReportFrom('not a store')).toThrow(/the whole store/);
  });

  it('leaves out what a signer wrote with the wrong type instead of failing', () => {
    const report = provenanceReportFrom(
      store({
        assertions: [
          {
            label: 'c2pa.actions.v2',
            data: {
              actions: [
                { action: 'c2pa.created', digitalSourceType: 7, softwareAgent: 42 },
                { parameters: { note: 'no action name' } },
                { action: 'c2pa.edited', softwareAgent: { name: 'Loupe', version: 3 }, parameters: { 'org.loupe.visibleWatermark': 'AI · Loupe' } },
              ],
            },
          },
          { label: 'c2pa.actions__1', data: 'not a list of actions' },
          { label: 'org.loupe.request', data: { requestId: 5, policyVersion: 'p', promptSha256: 'f' } },
          { label: 'org.loupe.request', data: { requestId: 'r', policyVersion: 'p', promptSha256: 'f', moderationOutcomeId: false } },
        ],
        ingredients: [{ title: 'parent', metadata: { 'org.loupe.videoId': 12 } }],
        signature_info: { common_name: 'Someone' },
      }),
    );
    expect(report.actions).toStrictEqual([{ action: 'c2pa.created' }, { action: 'c2pa.edited', softwareAgent: 'Loupe' }]);
    expect(report.loupe).toStrictEqual({ requestId: 'r', policyVersion: 'p', promptSha256: 'f' });
    expect(report.ingredients).toStrictEqual([{ title: 'parent', relationship: 'componentOf' }]);
    expect(report.signer).toStrictEqual({ issuer: null, commonName: 'Someone', time: null });
    expect(report.validationState).toBe('Valid');
    expect(declaredWatermark(report)).toBe('AI · Loupe');
  });

  it('collects the codes of the active manifest and of ingredient deltas, or else the older flat list', () => {
    const withResults = provenanceReportFrom(
      store({}, {
        validation_results: {
          activeManifest: { success: [{ code: 'claimSignature.validated', url: 'self#jumbf=/c2pa' }], informational: [], failure: [] },
          ingredientDeltas: [{ validationDeltas: { failure: [{ code: 'assertion.bmffHash.mismatch', explanation: 'changed' }] } }],
        },
        validation_status: [{ code: 'ignored.when.results.exist' }],
      }),
    );
    expect(withResults.validationCodes).toStrictEqual([
      { code: 'claimSignature.validated', url: 'self#jumbf=/c2pa', kind: 'success' },
      { code: 'assertion.bmffHash.mismatch', explanation: 'changed', kind: 'failure' },
    ]);
    const older = provenanceReportFrom(store({}, { validation_status: [{ code: 'signingCredential.untrusted' }] }));
    expect(older.validationCodes).toStrictEqual([{ code: 'signingCredential.untrusted', kind: 'failure' }]);
    expect(older.signer).toBeNull();
    expect(older.loupe).toBeNull();
  });
});
