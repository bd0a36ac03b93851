/**
 * The policy content hash after the switch from a hand-written SHA-256 to @noble/hashes: standard
 * test vectors, and the versions the old implementation computed (pinned here, taken from the
 * committed code before the switch), so every policy version already stored still names the same rules.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePolicy, LIVE_POLICY, LIVE_RULE_SET } from '../../policies/index.js';
import { contentHash, sha256Hex } from '../../policies/content-hash.js';
import { DEFAULT_MAX_LENGTH, ENGINE_REVISION } from '../../policies/prompt/compile.js';
import { NAME_DETECTION_REVISION } from '../../policies/prompt/people/revision.js';

describe('sha256Hex', () => {
  // FIPS 180-4 / NIST CSRC examples, plus the million-'a' vector from the NESSIE set.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('matches the published vector %#', (text, expected) => {
    expect(sha256Hex(text)).toBe(expected);
  });

  it.each(['a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'héllo 😀 wörld', '\ud800'])('hashes the UTF-8 bytes, as node:crypto does, for %#', (text) => {
    expect(sha256Hex(text)).toBe(createHash('sha256').update(Buffer.from(new TextEncoder().encode(text))).digest('hex'));
  });
});

describe('stored policy versions are unchanged', () => {
  // Computed with the hand-written SHA-256 that policies/content-hash.ts had until issue 9, from the
  // inputs a version was the hash of until issue 11 (engine revision, rule set, registries, length
  // limit). Issue 11 added the name-detection revision to the inputs, so today's versions differ
  // (pinned below); the versions stored before still hash from their stored inputs to themselves.
  // The shipped rule set as it was when these versions were stored (a JSON snapshot taken before
  // issue 11 added rules), so a later rule change cannot make this test about the hash fail.
  const ruleSetBeforeIssue11: unknown = JSON.parse(
    readFileSync(new URL('./fixtures/rule-set-before-issue-11.json', import.meta.url), 'utf8'),
  );
  const versionBeforeIssue11 = (registries: object) =>
    contentHash({ engine: ENGINE_REVISION, ruleSet: ruleSetBeforeIssue11, registries, maxLength: DEFAULT_MAX_LENGTH }).slice(0, 16);

  it('the shipped rule set keeps its version and content hash', () => {
    expect(versionBeforeIssue11({})).toBe('9b8826ad2bd9d971');
    expect(contentHash(ruleSetBeforeIssue11)).toBe('e69f572751d8baca0a47940ed1473a43116ae4daddc90226b4087b7c75a8d460');
  });

  it('a rule set compiled with registries keeps its version', () => {
    expect(versionBeforeIssue11({ publicFigures: [{ name: 'A B', living: true }] })).toBe('73c7716cc326a90b');
  });

  it('the name-detection revision is part of the version (issue 11)', () => {
    expect(LIVE_POLICY.version).toBe(compilePolicy(LIVE_RULE_SET).version);
    expect(LIVE_POLICY.version).toBe(
      contentHash({ engine: ENGINE_REVISION, names: NAME_DETECTION_REVISION, ruleSet: LIVE_RULE_SET, registries: {}, maxLength: DEFAULT_MAX_LENGTH }).slice(0, 16),
    );
    expect(LIVE_POLICY.version).not.toBe('9b8826ad2bd9d971');
  });
});
