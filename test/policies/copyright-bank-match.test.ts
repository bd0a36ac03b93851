/** The pure decisions over hash-bank hits (policies/copyright/bank-match.ts) and the flood rule (flood.ts). */
import { DEFAULT_FLOOD_RULE, decideBankMatches, judgeFlood, matchActionFor, type BankFrameHit } from '../../policies/copyright';

function hit(overrides: Partial<BankFrameHit>): BankFrameHit {
  return {
    bankId: 'bank-1', bankName: 'Reference of Captain Test', bankKind: 'positive', owner: 'Test Studios', bankHashId: '1',
    entityId: 'entity-1', entityName: 'Captain Test', ruling: { rule: 'block', conditions: null, publicDomain: false },
    distance: 10, cutoff: 31, quarantined: false, region: 'full', ...overrides,
  };
}

describe('decideBankMatches', () => {
  it('blocks on a positive hit whose entity blocks, with a reason naming the entity, bank, distance and frame', () => {
    const decision = decideBankMatches('opt_in', [{ frameIndex: 2, hits: [hit({ distance: 7 })] }]);
    expect(decision.verdict).toBe('block');
    expect(decision.decided).toHaveLength(1);
    expect(decision.decided[0]).toMatchObject({ outcome: 'block', frameIndex: 2, distance: 7 });
    expect(decision.reasons[0]).toBe('Frame 2 (full) matches "Captain Test" (rights holder: Test Studios) in the hash bank "Reference of Captain Test" at distance 7 (cut-off 31): its holder does not allow it.');
    expect(decision.summary).toContain('"Captain Test"');
    expect(matchActionFor('block', 'pipeline')).toBe('blocked');
    expect(matchActionFor('block', 'rescan')).toBe('taken_down');
  });

  it('a negative hit on the same frame cancels the positive hits of that frame only', () => {
    const negative = hit({ bankId: 'neg', bankKind: 'negative', bankHashId: '9', entityId: null, entityName: null });
    const decision = decideBankMatches('opt_in', [
      { frameIndex: 0, hits: [hit({ bankHashId: '1' }), negative] },
      { frameIndex: 1, hits: [hit({ bankHashId: '2', ruling: { rule: 'review', conditions: null, publicDomain: false } })] },
    ]);
    expect(decision.decided.map((d) => [d.bankHashId, d.outcome])).toEqual([['2', 'review'], ['1', 'cancelled']]);
    expect(decision.verdict).toBe('review');
  });

  it('one hash seen on a cancelled frame and an uncancelled one acts from the uncancelled one', () => {
    const negative = hit({ bankKind: 'negative', bankHashId: '9' });
    const decision = decideBankMatches('opt_in', [
      { frameIndex: 0, hits: [hit({ distance: 3 }), negative] },
      { frameIndex: 1, hits: [hit({ distance: 12 })] },
    ]);
    expect(decision.decided).toEqual([expect.objectContaining({ bankHashId: '1', outcome: 'block', frameIndex: 1, distance: 12 })]);
  });

  it('a quarantined hash is held: recorded, not acted on', () => {
    const decision = decideBankMatches('opt_in', [{ frameIndex: 0, hits: [hit({ quarantined: true })] }]);
    expect(decision.verdict).toBe('allow');
    expect(decision.decided[0]!.outcome).toBe('held');
    expect(decision.reasons[0]).toMatch(/flood quarantine, so the match is held/);
  });

  it('the entity decides through copyrightActionFor: stance, conditions, public domain, and an imported bank\'s own rule', () => {
    const noRule = { rule: null, conditions: null, publicDomain: false };
    expect(decideBankMatches('opt_in', [{ frameIndex: 0, hits: [hit({ ruling: noRule })] }]).verdict).toBe('block');
    expect(decideBankMatches('opt_out', [{ frameIndex: 0, hits: [hit({ ruling: noRule })] }]).verdict).toBe('allow');
    expect(decideBankMatches('opt_in', [{ frameIndex: 0, hits: [hit({ ruling: { rule: 'allow', conditions: 'no villains', publicDomain: false } })] }]).verdict).toBe('review');
    expect(decideBankMatches('opt_in', [{ frameIndex: 0, hits: [hit({ ruling: { rule: 'block', conditions: null, publicDomain: true } })] }]).verdict).toBe('allow');
    const imported = hit({ entityId: null, entityName: null, ruling: { rule: 'review', conditions: null, publicDomain: false } });
    const decision = decideBankMatches('opt_in', [{ frameIndex: 0, hits: [imported] }]);
    expect(decision.verdict).toBe('review');
    expect(decision.reasons[0]).toContain('content listed by Test Studios');
  });

  it('the strictest action across frames wins; no hits allow', () => {
    const decision = decideBankMatches('opt_in', [
      { frameIndex: 0, hits: [hit({ bankHashId: '1', ruling: { rule: 'review', conditions: null, publicDomain: false } })] },
      { frameIndex: 1, hits: [hit({ bankHashId: '2' })] },
    ]);
    expect(decision.verdict).toBe('block');
    expect(decideBankMatches('opt_in', []).verdict).toBe('allow');
  });
});

describe('judgeFlood', () => {
  const rule = DEFAULT_FLOOD_RULE;
  it('a hash with no history floods once it reaches the minimum in the window', () => {
    expect(judgeFlood({ recentMatches: rule.minRecentMatches - 1, baselineMatches: 0 }).flood).toBe(false);
    expect(judgeFlood({ recentMatches: rule.minRecentMatches, baselineMatches: 0 }).flood).toBe(true);
  });

  it('a hash that always matches a lot keeps its usual rate, and floods only past the multiple', () => {
    // 7 days at 10 an hour: 1,680 baseline matches, 10 expected per hour.
    const baselineMatches = 10 * 24 * 7;
    expect(judgeFlood({ recentMatches: 60, baselineMatches }).flood).toBe(false);
    expect(judgeFlood({ recentMatches: 100, baselineMatches }).flood).toBe(false);
    const verdict = judgeFlood({ recentMatches: 101, baselineMatches });
    expect(verdict.flood).toBe(true);
    expect(verdict.expectedMatches).toBeCloseTo(10, 6);
    expect(verdict.explanation).toContain('101 pipeline matches in the last 1 h');
  });

  it('takes its own rule', () => {
    const small = { windowSeconds: 60, minRecentMatches: 3, baselineSeconds: 600, rateMultiple: 2 };
    expect(judgeFlood({ recentMatches: 3, baselineMatches: 0 }, small).flood).toBe(true);
    expect(judgeFlood({ recentMatches: 3, baselineMatches: 20 }, small).flood).toBe(false);
  });
});
