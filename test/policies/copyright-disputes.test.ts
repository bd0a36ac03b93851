/**
 * Copyright dispute deadlines and outcomes (issue 13): the defaults are the 30 and 7 days
 * (and Loupe's 14-day appeal window), the configuration takes days with decimals and refuses
 * anything else with a sentence naming the variable, and only the two upheld outcomes keep a claim.
 */
import { ConfigError, loadConfig } from '../../config/env';
import { COPYRIGHT_DISPUTE_OUTCOMES, DEFAULT_COPYRIGHT_DISPUTE_TIMERS, disputeOutcomeReleases } from '../../policies/copyright/disputes';

const DAY = 86_400;

it('defaults to 30 days for the claimant, 14 for the appeal window and 7 for the answer to an appeal', () => {
  expect(DEFAULT_COPYRIGHT_DISPUTE_TIMERS).toEqual({ claimantAnswerSeconds: 30 * DAY, appealWindowSeconds: 14 * DAY, appealAnswerSeconds: 7 * DAY });
  const config = loadConfig({});
  expect([config.LOUPE_COPYRIGHT_CLAIMANT_DAYS, config.LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS, config.LOUPE_COPYRIGHT_APPEAL_DAYS]).toEqual([30, 14, 7]);
});

it('takes days with decimals, so a test or demo can use seconds', () => {
  const config = loadConfig({ LOUPE_COPYRIGHT_CLAIMANT_DAYS: '0.0001', LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS: '2', LOUPE_COPYRIGHT_APPEAL_DAYS: '.5' });
  expect(Math.round(config.LOUPE_COPYRIGHT_CLAIMANT_DAYS * DAY)).toBe(9);
  expect(config.LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS).toBe(2);
  expect(config.LOUPE_COPYRIGHT_APPEAL_DAYS).toBe(0.5);
});

it.each([
  ['LOUPE_COPYRIGHT_CLAIMANT_DAYS', 'thirty'],
  ['LOUPE_COPYRIGHT_CLAIMANT_DAYS', '-1'],
  ['LOUPE_COPYRIGHT_APPEAL_WINDOW_DAYS', '400'],
  ['LOUPE_COPYRIGHT_APPEAL_DAYS', '0'],
])('refuses %s=%s with a sentence naming it', (variable, value) => {
  expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable} is not valid: expected days between`));
});

it('releases the claim on every outcome but the two that uphold it', () => {
  const upheld = COPYRIGHT_DISPUTE_OUTCOMES.filter((outcome) => !disputeOutcomeReleases(outcome));
  expect(upheld).toEqual(['legal_upheld', 'not_appealed']);
});
