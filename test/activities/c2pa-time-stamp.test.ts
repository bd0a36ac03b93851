/**
 * C2PA signatures countersigned by an RFC 3161 time-stamp authority (C2PA_TSA_URL): c2pa-rs asks
 * the authority over plain HTTP, embeds its token, and a reader reports the authority's time as the
 * signing time. Against the local responder in test/support/time-stamp-authority.ts; nothing here
 * reaches the internet.
 */
import { execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { ensureDevCa } from '../../activities/provenance/dev-ca';
import { readProvenance } from '../../activities/provenance/read-provenance';
import { signClip, type SignClipInput } from '../../activities/provenance/sign-clip';
import type { SigningMaterial } from '../../activities/provenance/signing-material';
import { SHA256_OID, startTimeStampAuthority, type LocalTimeStampAuthority } from '../support/time-stamp-authority';

const run = promisify(execFile);

let work: string;
let rawClip: string;
let material: SigningMaterial;
let tsa: LocalTimeStampAuthority;
/**
 * The time the authority states: an hour ahead of this machine's clock, whole seconds, so a reader
 * that reports it can only have taken it from the token (c2pa-rs reports seconds).
 */
const stampedAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'loupe-tsa-'));
  rawClip = path.join(work, 'raw.mp4');
  await run(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x288:d=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', rawClip]);
  material = await ensureDevCa(path.join(work, 'ca'));
  tsa = await startTimeStampAuthority({ clock: () => stampedAt });
});
afterAll(async () => {
  await tsa?.close();
  await rm(work, { recursive: true, force: true });
});

function input(overrides: Partial<SignClipInput>): SignClipInput {
  return {
    inputPath: rawClip,
    outputPath: path.join(work, `signed-${Math.random().toString(36).slice(2)}.mp4`),
    material,
    title: 'Loupe video for request req-tsa',
    generator: { name: 'loupe-procedural', version: '1.0.0' },
    loupe: { requestId: 'req-tsa', policyVersion: 'prompt-policy@test', promptSha256: 'a'.repeat(64) },
    ...overrides,
  };
}

const codes = (report: Awaited<ReturnType<typeof readProvenance>>) => report.validationCodes.map((code) => code.code);

it('countersigns with the configured authority, and a reader reports the authority\'s time', async () => {
  const before = tsa.requests.length;
  const signed = input({ material: { ...material, tsaUrl: tsa.url } });
  await signClip(signed);

  expect(tsa.requests.length - before).toBe(1);
  expect(tsa.requests.at(-1)).toMatchObject({ hashAlgorithm: SHA256_OID, certReq: true });

  // Trusting the authority's root too: the time stamp is validated and trusted.
  const trusted = await readProvenance(signed.outputPath, material.trustAnchorsPem + tsa.rootPem);
  expect(trusted.validationState).toBe('Trusted');
  expect(new Date(trusted.signer!.time!).toISOString()).toBe(stampedAt.toISOString());
  expect(codes(trusted)).toEqual(expect.arrayContaining(['timeStamp.validated', 'timeStamp.trusted']));

  // Trusting only Loupe's root (what the pipeline does): the same time, the authority marked untrusted.
  const ownRootOnly = await readProvenance(signed.outputPath, material.trustAnchorsPem);
  expect(ownRootOnly.validationState).toBe('Trusted');
  expect(new Date(ownRootOnly.signer!.time!).toISOString()).toBe(stampedAt.toISOString());
  expect(codes(ownRootOnly)).toEqual(expect.arrayContaining(['timeStamp.validated', 'timeStamp.untrusted']));
});

it('asks no authority and carries no signing time without C2PA_TSA_URL', async () => {
  const before = tsa.requests.length;
  const signed = input({});
  await signClip(signed);

  expect(tsa.requests.length).toBe(before);
  const report = await readProvenance(signed.outputPath, material.trustAnchorsPem);
  expect(report.validationState).toBe('Trusted');
  expect(report.signer?.time).toBeNull();
  expect(codes(report).filter((code) => code.startsWith('timeStamp.'))).toEqual([]);
});

it('fails the signature, leaving no file, when the authority cannot be reached', async () => {
  const gone = await startTimeStampAuthority();
  await gone.close(); // nothing listens on its port any more
  const signed = input({ material: { ...material, tsaUrl: gone.url } });

  await expect(signClip(signed)).rejects.toThrow(/^Signing .* failed: /);
  await expect(access(signed.outputPath)).rejects.toThrow();
});
