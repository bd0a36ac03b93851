/**
 * The pure rules of copyright claims (policies/copyright/claims.ts): one normal form for names,
 * duplicate and conflict detection against the registry and other claims, the rules an approval
 * gives (with a reviewer's overrides), and the file types sniffed from bytes.
 */
import {
  acceptedTypesSentence, approvedRules, detectClaimConflicts, normaliseEntityName, sniffClaimFileType, type OtherClaimEntity, type RegistryEntityNames,
} from '../../policies/copyright/claims';

it('normalises case, diacritics, punctuation and spacing to one form', () => {
  expect(normaliseEntityName('Pokémon')).toBe('pokemon');
  expect(normaliseEntityName('  POKEMON!! ')).toBe('pokemon');
  expect(normaliseEntityName('Spider-Man')).toBe('spider man');
  expect(normaliseEntityName('Spider  Man')).toBe('spider man');
  expect(normaliseEntityName('Ｐｉｋａｃｈｕ')).toBe('pikachu');
  expect(normaliseEntityName('ピカチュウ')).toBe('ピカチュウ');
  expect(normaliseEntityName('...')).toBe('');
});

const entity = (over: Partial<RegistryEntityNames>): RegistryEntityNames => ({
  id: 'e1', name: 'Captain Zed', aliases: [], owner: null, publicDomain: false, claimId: null, claimContact: null, ...over,
});
const claim = { contactEmail: 'Legal@Studio.example', claimantName: 'Ada', claimantOrganisation: 'Zed Studios', entities: [{ position: 0, name: 'Captain Zed', aliases: [{ name: 'Zed-Kun', lang: 'ja' }] }] };

it('finds duplicates, other claimants, public-domain entries and overlapping aliases', () => {
  const others: OtherClaimEntity[] = [
    { claimId: 'c1', claimState: 'in_review', claimantName: 'Ada', contactEmail: 'legal@studio.example', name: 'CAPTAIN ZED' },
    { claimId: 'c2', claimState: 'approved', claimantName: 'Rival', contactEmail: 'rival@other.example', name: 'captain zed' },
    { claimId: 'c3', claimState: 'received', claimantName: 'Unrelated', contactEmail: 'x@y.example', name: 'Someone Else' },
  ];
  const registry = [
    entity({ id: 'pd', name: 'Captain  Zed', publicDomain: true }),
    entity({ id: 'alias', name: 'Zed Kun', aliases: [] }),
  ];
  const found = detectClaimConflicts(claim, registry, others);
  expect(found.map((c) => [c.kind, c.otherClaimId ?? c.entityId])).toEqual([
    ['duplicate', 'c1'], ['other_claimant', 'c2'], ['public_domain', 'pd'], ['alias_overlap', 'alias'],
  ]);
  expect(found[3]!.sentence).toContain('"zed kun" is also a name of Zed Kun');
});

it('names another holder in the registry, but not the claimant itself', () => {
  expect(detectClaimConflicts(claim, [entity({ owner: 'Other Holdings' })], [])).toEqual([
    expect.objectContaining({ kind: 'other_claimant', entityId: 'e1', sentence: expect.stringContaining('records Other Holdings as its holder') }),
  ]);
  expect(detectClaimConflicts(claim, [entity({ owner: 'Zed Studios' })], [])).toEqual([]);
  // Made live by this claimant's earlier approved claim: theirs already.
  expect(detectClaimConflicts(claim, [entity({ owner: 'Zed Studios', claimId: 'old', claimContact: 'legal@studio.example' })], [])).toEqual([]);
  expect(detectClaimConflicts(claim, [entity({ owner: 'Zed Studios', claimId: 'old', claimContact: 'someone@else.example' })], []))
    .toEqual([expect.objectContaining({ kind: 'other_claimant' })]);
});

it('gives each entity the requested rule unless the reviewer overrides it, and refuses impossible overrides', () => {
  const entities = [{ position: 0, requestedRule: 'block' as const }, { position: 1, requestedRule: 'allow' as const }];
  expect([...approvedRules(entities, undefined)]).toEqual([[0, 'block'], [1, 'allow']]);
  expect([...approvedRules(entities, [{ position: 1, rule: 'review' }, { position: 0, rule: null }])]).toEqual([[0, null], [1, 'review']]);
  expect(() => approvedRules(entities, [{ position: 2, rule: 'block' }])).toThrow('no entity number 3');
  expect(() => approvedRules(entities, [{ position: 0, rule: null }, { position: 1, rule: null }])).toThrow('reject the claim instead');
});

it('sniffs claim file types from their first bytes', () => {
  expect(sniffClaimFileType(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]))).toBe('application/pdf');
  expect(sniffClaimFileType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
  expect(sniffClaimFileType(new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]))).toBe('video/mp4');
  expect(sniffClaimFileType(new TextEncoder().encode('plain text here'))).toBeNull();
  expect(acceptedTypesSentence('proof')).toBe('PDF, JPEG or PNG');
  expect(acceptedTypesSentence('reference_clip')).toBe('MP4');
});
