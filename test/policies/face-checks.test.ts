/**
 * policies/faces/checks.ts: what each face in a source image or a generated frame means, table by
 * table, and the consent ledger's FaceCheck slot filled from recorded source-image faces.
 */
import { describe, expect, it } from 'vitest';
import { decideCameoUse } from '../../policies/consent';
import {
  decideFaceCheck, faceCheckForCameo, FACE_MATCH_MAX_DISTANCE, type FaceCheckInput, type FaceCheckStage, type NamedFaceMatch,
} from '../../policies/faces';

const ANA = 'aaaaaaaa-0000-4000-8000-000000000001';
const BO = 'bbbbbbbb-0000-4000-8000-000000000002';
const VIP = 'cccccccc-0000-4000-8000-000000000003';
const cameo = (id: string, name: string, distance: number): NamedFaceMatch => ({ subject: { kind: 'cameo', id }, name, distance });
const person = (id: string, name: string, distance: number): NamedFaceMatch => ({ subject: { kind: 'protected_person', id }, name, distance });
const near = FACE_MATCH_MAX_DISTANCE - 0.1;
const far = FACE_MATCH_MAX_DISTANCE + 0.1;

function check(stage: FaceCheckStage, faces: { matches: NamedFaceMatch[]; photorealistic: boolean }[], consented: string[] = [ANA], named: string[] = [ANA]) {
  const input: FaceCheckInput = {
    stage,
    faces: faces.map((face) => ({ ...face, framePosition: stage === 'keyframe' ? 2 : null })),
    requestCameoIds: named,
    consentedCameoIds: consented,
  };
  return decideFaceCheck(input);
}

describe('one face, per stage', () => {
  const table: {
    name: string; matches: NamedFaceMatch[]; photorealistic: boolean;
    source: [string, 'allow' | 'review' | 'block']; keyframe: [string, 'allow' | 'review' | 'block']; says: RegExp;
  }[] = [
    { name: 'a consented cameo', matches: [cameo(ANA, 'Ana', near)], photorealistic: true, source: ['consented_cameo', 'allow'], keyframe: ['consented_cameo', 'allow'], says: /"Ana", which this request has consent for/ },
    { name: 'a protected person, even beside a consented cameo', matches: [cameo(ANA, 'Ana', 0.1), person(VIP, 'Vera Important', near)], photorealistic: true, source: ['protected_person', 'block'], keyframe: ['protected_person', 'block'], says: new RegExp(`Vera Important, who is in the protected-persons registry \\(distance ${near.toFixed(3).replace('.', '\\.')}`) },
    { name: 'a named cameo without consent', matches: [cameo(BO, 'Bo', near)], photorealistic: true, source: ['unconsented_cameo', 'block'], keyframe: ['unconsented_cameo', 'block'], says: /"Bo" and its owner has not allowed you/ },
    { name: 'a photorealistic unknown face', matches: [cameo(ANA, 'Ana', far)], photorealistic: true, source: ['unmatched_photorealistic', 'block'], keyframe: ['unmatched_photorealistic', 'review'], says: /photorealistic face that matches no cameo/ },
    { name: 'a cartoon face with no match', matches: [], photorealistic: false, source: ['unmatched_not_photorealistic', 'allow'], keyframe: ['unmatched_not_photorealistic', 'allow'], says: /drawn or cartoon face/ },
    { name: 'a protected person just over the cut-off', matches: [person(VIP, 'Vera Important', far)], photorealistic: false, source: ['unmatched_not_photorealistic', 'allow'], keyframe: ['unmatched_not_photorealistic', 'allow'], says: /drawn or cartoon/ },
  ];
  for (const row of table) {
    for (const stage of ['source_image', 'keyframe'] as const) {
      it(`${row.name} in the ${stage}`, () => {
        const verdict = check(stage, [{ matches: row.matches, photorealistic: row.photorealistic }], [ANA], [ANA, BO]);
        const [outcome, expected] = stage === 'source_image' ? row.source : row.keyframe;
        expect(verdict.faces[0]!.outcome).toBe(outcome);
        expect(verdict.verdict).toBe(expected);
        expect(verdict.faces[0]!.reason).toMatch(row.says);
        expect(verdict.reasons.length > 0).toBe(expected !== 'allow');
        expect(verdict.faces[0]!.reason).toMatch(stage === 'source_image' ? /^The source image/ : /^Frame 3 of the generated clip/);
      });
    }
  }
});

describe('matches and the cut-off', () => {
  it('a distance exactly at the cut-off is a match, just over is not', () => {
    expect(check('source_image', [{ matches: [cameo(ANA, 'Ana', FACE_MATCH_MAX_DISTANCE)], photorealistic: true }]).verdict).toBe('allow');
    expect(check('source_image', [{ matches: [cameo(ANA, 'Ana', FACE_MATCH_MAX_DISTANCE + 1e-6)], photorealistic: true }]).verdict).toBe('block');
  });

  it('the closest consented cameo wins over a farther unconsented one, in any order', () => {
    const verdict = check('source_image', [{ matches: [cameo(BO, 'Bo', 0.3), cameo(ANA, 'Ana', 0.2)], photorealistic: true }]);
    expect(verdict.faces[0]).toMatchObject({ outcome: 'consented_cameo', match: { name: 'Ana', distance: 0.2 } });
  });

  it('a consented cameo within the cut-off stands even when an unconsented one is closer', () => {
    // The same face close to two cameos (twins, a poor capture): the request's consent covers one.
    const verdict = check('source_image', [{ matches: [cameo(BO, 'Bo', 0.2), cameo(ANA, 'Ana', 0.3)], photorealistic: true }]);
    expect(verdict.faces[0]!.outcome).toBe('consented_cameo');
  });

  it('a cameo the request does not name says to add it', () => {
    const verdict = check('source_image', [{ matches: [cameo(BO, 'Bo', 0.2)], photorealistic: true }], [ANA], [ANA]);
    expect(verdict.verdict).toBe('block');
    expect(verdict.summary).toMatch(/which this request does not name .* add the cameo to the request/);
  });

  it('the request takes the strictest face, and each reason once', () => {
    const photo = { matches: [], photorealistic: true };
    const keyframes = check('keyframe', [{ matches: [cameo(ANA, 'Ana', 0.2)], photorealistic: true }, photo, photo]);
    expect(keyframes.verdict).toBe('review');
    expect(keyframes.reasons).toHaveLength(1);
    const mixed = check('keyframe', [photo, { matches: [person(VIP, 'Vera Important', 0.2)], photorealistic: true }]);
    expect(mixed.verdict).toBe('block');
    expect(mixed.reasons).toHaveLength(2);
  });

  it('no faces: allowed, and the summary says so', () => {
    const verdict = check('source_image', []);
    expect(verdict).toMatchObject({ verdict: 'allow', faces: [], reasons: [] });
    expect(verdict.summary).toBe('No faces were found in the source image.');
  });
});

describe('the FaceCheck slot of the consent decision', () => {
  const ana = { id: ANA, verified: true };
  const use = { cameoName: 'Ana', ownerId: 'owner', accessLevel: 'everyone' as const, revoked: false, requesterId: 'someone', requesterHasGrant: false };

  const table: { name: string; cameo: { id: string; verified: boolean }; recorded: Parameters<typeof faceCheckForCameo>[1]; status: string; detail?: RegExp }[] = [
    { name: 'no source-image check', cameo: ana, recorded: undefined, status: 'not_run' },
    { name: 'no face in the source image', cameo: ana, recorded: [], status: 'not_run' },
    { name: 'the cameo\'s face', cameo: ana, recorded: [{ outcome: 'consented_cameo', matchedSubject: { kind: 'cameo', id: ANA }, distance: 0.21 }], status: 'match', detail: /distance 0\.210/ },
    { name: 'an unknown photo of someone', cameo: ana, recorded: [{ outcome: 'unmatched_photorealistic', matchedSubject: null, distance: null }], status: 'mismatch', detail: /someone else/ },
    { name: 'another cameo without consent', cameo: ana, recorded: [{ outcome: 'unconsented_cameo', matchedSubject: { kind: 'cameo', id: BO }, distance: 0.2 }], status: 'mismatch' },
    { name: 'another consented cameo only', cameo: ana, recorded: [{ outcome: 'consented_cameo', matchedSubject: { kind: 'cameo', id: BO }, distance: 0.2 }], status: 'not_run' },
    { name: 'a cartoon face', cameo: ana, recorded: [{ outcome: 'unmatched_not_photorealistic', matchedSubject: null, distance: null }], status: 'not_run' },
    { name: 'an unknown photo, unverified cameo', cameo: { id: ANA, verified: false }, recorded: [{ outcome: 'unmatched_photorealistic', matchedSubject: null, distance: null }], status: 'not_run' },
  ];
  for (const row of table) {
    it(`${row.name}: ${row.status}`, () => {
      const faceCheck = faceCheckForCameo(row.cameo, row.recorded);
      expect(faceCheck.status).toBe(row.status);
      if (row.detail && faceCheck.status !== 'not_run') expect(faceCheck.detail).toMatch(row.detail);
      const decision = decideCameoUse({ ...use, faceCheck });
      expect(decision.allowed).toBe(row.status !== 'mismatch');
      if (row.status === 'mismatch') expect(decision.reason).toMatch(/^The face check for the cameo "Ana" failed: the source image shows/);
    });
  }
});
