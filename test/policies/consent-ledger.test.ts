import {
  applyCameoLedgerEvent, describeRestriction, findRestrictionViolation, foldCameoLedger, InvalidCameoLedger,
  RESTRICTION_TOPIC_TERMS, CAMEO_RESTRICTION_TOPICS, type CameoLedgerEvent, type CameoRestriction,
} from '../../policies/consent';
import { approvalExpirySecondsOf, DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS } from '../../contracts';

const created: CameoLedgerEvent = {
  version: 1,
  kind: 'created',
  payload: { kind: 'person', displayName: 'Ada', description: null, accessLevel: 'approved', restrictions: [], restrictionsNote: null },
};

describe('foldCameoLedger', () => {
  const events: CameoLedgerEvent[] = [
    created,
    { version: 2, kind: 'grant_added', payload: { creatorId: 'b' } },
    { version: 3, kind: 'grant_added', payload: { creatorId: 'a' } },
    { version: 4, kind: 'person_blocked', payload: { creatorId: 'c' } },
    { version: 5, kind: 'grant_withdrawn', payload: { creatorId: 'b' } },
    { version: 6, kind: 'access_level_set', payload: { accessLevel: 'mutuals' } },
    { version: 7, kind: 'restrictions_set', payload: { restrictions: [{ kind: 'no_topic', topic: 'political' }], restrictionsNote: 'No politics, please' } },
    { version: 8, kind: 'person_unblocked', payload: { creatorId: 'c' } },
    { version: 9, kind: 'deleted', payload: {} },
  ];

  it.each<[string, number, object]>([
    ['as created', 1, { version: 1, accessLevel: 'approved', grants: [], blocks: [], deleted: false }],
    ['two grants, sorted', 3, { grants: ['a', 'b'] }],
    ['a block', 4, { blocks: ['c'] }],
    ['a grant withdrawn', 5, { grants: ['a'] }],
    ['a new access level', 6, { accessLevel: 'mutuals' }],
    ['restrictions and the note', 7, { restrictions: [{ kind: 'no_topic', topic: 'political' }], restrictionsNote: 'No politics, please' }],
    ['unblocked', 8, { blocks: [] }],
    ['deleted', 9, { version: 9, deleted: true, grants: ['a'] }],
  ])('%s (up to version %i)', (_name, upTo, expected) => {
    expect(foldCameoLedger(events, upTo)).toMatchObject(expected);
  });

  it('folds events given in any order', () => {
    expect(foldCameoLedger([...events].reverse())).toEqual(foldCameoLedger(events));
  });

  it.each<[string, CameoLedgerEvent[]]>([
    ['an empty ledger', []],
    ['a ledger not starting with created', [{ version: 1, kind: 'grant_added', payload: { creatorId: 'a' } }]],
    ['a gap', [created, { version: 3, kind: 'grant_added', payload: { creatorId: 'a' } }]],
    ['created twice', [created, { ...created, version: 2 }]],
    ['a change after deletion', [created, { version: 2, kind: 'deleted', payload: {} }, { version: 3, kind: 'grant_added', payload: { creatorId: 'a' } }]],
  ])('refuses %s', (_name, broken) => {
    expect(() => foldCameoLedger(broken)).toThrow(InvalidCameoLedger);
  });

  it('applies one event to a state without changing the state given', () => {
    const state = foldCameoLedger([created]);
    const next = applyCameoLedgerEvent(state, { version: 2, kind: 'grant_added', payload: { creatorId: 'x' } });
    expect(next.grants).toEqual(['x']);
    expect(state.grants).toEqual([]);
  });
});

describe('findRestrictionViolation', () => {
  const noAlcohol: CameoRestriction = { kind: 'no_topic', topic: 'alcohol' };
  const noSwimwear: CameoRestriction = { kind: 'no_topic', topic: 'swimwear' };
  const noPolitics: CameoRestriction = { kind: 'no_topic', topic: 'political' };
  const banned: CameoRestriction = { kind: 'banned_words', words: ['clown', 'pineapple pizza'] };

  it.each<[string, CameoRestriction[], string, string | null]>([
    ['a plain topic word', [noAlcohol], 'Ada drinking a cold beer', 'beer'],
    ['leetspeak, as the prompt policy reads it', [noAlcohol], 'Ada with a glass of v0dka', 'v0dka'],
    ['a Cyrillic look-alike letter', [noSwimwear], 'Ada in a b\u0456kini on the beach', 'b\u0456kini'],
    ['separators inside a word', [noSwimwear], 'Ada wearing a s.w.i.m.s.u.i.t', 's.w.i.m.s.u.i.t'],
    ['an Indonesian term', [noPolitics], 'Ada berkampanye untuk partai baru', 'partai'],
    ['a banned phrase', [banned], 'Ada eating PINEAPPLE pizza', 'PINEAPPLE pizza'],
    ['nothing broken', [noAlcohol, noSwimwear, banned], 'Ada reading a book in a quiet library', null],
    ['whole words only', [noAlcohol], 'Ada visits a ginger farm', null],
    ['the first restriction in the owner\u2019s order wins', [banned, noAlcohol], 'a clown drinking beer', 'clown'],
  ])('%s', (_name, restrictions, prompt, matched) => {
    const violation = findRestrictionViolation(prompt, restrictions, 'Ada');
    expect(violation?.matchedText ?? null).toBe(matched);
    if (violation) expect(prompt.slice(violation.start, violation.end)).toBe(matched);
  });

  it('names the rule in its sentence', () => {
    expect(findRestrictionViolation('Ada at an election rally', [noPolitics], 'Ada')?.sentence).toBe(
      'The owner of the cameo "Ada" does not allow it in political content ("election" in the prompt).',
    );
    expect(describeRestriction(banned)).toBe('Banned words: clown, pineapple pizza.');
  });

  it('has a term list for every topic', () => {
    for (const topic of CAMEO_RESTRICTION_TOPICS) expect(RESTRICTION_TOPIC_TERMS[topic].length).toBeGreaterThan(3);
  });
});

describe('approvalExpirySecondsOf', () => {
  it.each<[number | undefined, number]>([
    [undefined, DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS],
    [Number.NaN, DEFAULT_CAMEO_APPROVAL_EXPIRY_SECONDS],
    [3, 3],
    [2.6, 3],
    [0, 1],
    [-5, 1],
    [10 ** 9, 30 * 24 * 3600],
  ])('%s seconds asked → %i', (asked, expected) => {
    expect(approvalExpirySecondsOf(asked === undefined ? {} : { approvalExpirySeconds: asked })).toBe(expected);
  });
});
