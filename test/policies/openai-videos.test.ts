/** What maps onto the OpenAI-compatible Videos API, the poll backoff and the cost (policies/openai-videos.ts). */
import { mapToVideosApi, nextPollDelayMs, videoCostUsd } from '../../policies/openai-videos';

describe('mapToVideosApi', () => {
  it.each([
    [{ durationSeconds: 4, width: 720, height: 1280 }, { seconds: '4', size: '720x1280' }],
    [{ durationSeconds: 8, width: 1280, height: 720 }, { seconds: '8', size: '1280x720' }],
    [{ durationSeconds: 12, width: 1024, height: 1792 }, { seconds: '12', size: '1024x1792' }],
    // Loupe's smaller 9:16 frames map to the provider's portrait size.
    [{ durationSeconds: 4, width: 360, height: 640 }, { seconds: '4', size: '720x1280' }],
  ])('maps %o', (spec, expected) => {
    expect(mapToVideosApi(spec)).toMatchObject({ ok: true, mapping: expected });
  });

  it.each([1, 5, 6, 10, 4.5])('refuses %s seconds with a sentence naming the lengths it can make', (durationSeconds) => {
    const result = mapToVideosApi({ durationSeconds, width: 720, height: 1280 });
    expect(result).toEqual({ ok: false, refusal: `The video provider makes clips of 4, 8 or 12 seconds only; ask for one of those lengths instead of ${durationSeconds} s.` });
  });

  it('refuses a frame of another aspect (a square) instead of letting the provider crop it', () => {
    const result = mapToVideosApi({ durationSeconds: 4, width: 720, height: 720 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal).toContain('720x720 frame cannot be made there');
  });
});

describe('nextPollDelayMs', () => {
  it('honours the provider\'s openai-poll-after-ms, within 100 ms and the cap', () => {
    expect(nextPollDelayMs(5, 2500, 1000, 60_000)).toBe(2500);
    expect(nextPollDelayMs(0, 10, 1000, 60_000)).toBe(100);
    expect(nextPollDelayMs(0, 600_000, 1000, 60_000)).toBe(60_000);
  });

  it('doubles from the first wait without a hint, up to the cap', () => {
    expect([0, 1, 2, 3, 10].map((polls) => nextPollDelayMs(polls, null, 1000, 6000))).toEqual([1000, 2000, 4000, 6000, 6000]);
  });
});

it('costs the billed seconds times the price per second', () => {
  expect(videoCostUsd('8', 0.1)).toBe(0.8);
  expect(videoCostUsd('12', 0.5)).toBe(6);
  expect(videoCostUsd('4', 0)).toBe(0);
});
