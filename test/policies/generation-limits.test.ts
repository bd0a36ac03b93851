import { clipSpecProblems, promptInputProblem } from '../../policies/generation';

describe('clipSpecProblems', () => {
  it.each([
    [{ durationSeconds: 10, width: 720, height: 1280 }, []],
    [{ durationSeconds: 1, width: 360, height: 640 }, []],
    [{ durationSeconds: 10.5, width: 720, height: 1280 }, [/at most 10 seconds long; 10.5 s was requested/]],
    [{ durationSeconds: 0, width: 720, height: 1280 }, [/at least 1 second/]],
    [{ durationSeconds: Number.NaN, width: 720, height: 1280 }, [/at least 1 second/]],
    [{ durationSeconds: 5, width: 1080, height: 1921 }, [/Width must be/, /Height must be/]],
    [{ durationSeconds: 5, width: 721, height: 1280 }, [/Width must be an even number/]],
  ])('%o', (spec, expected) => {
    const problems = clipSpecProblems(spec);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(problems[i]).toMatch(pattern));
  });
});

describe('promptInputProblem', () => {
  it.each([
    ['A paper boat on a rainy street', null],
    ['', /empty/],
    ['\n\t  ', /empty/],
    ['x'.repeat(2001), /limit is 2000/],
    ['x'.repeat(2000), null],
    ['hello\u0000world', /binary data/],
    ['\u0001\u0002\u0003\u0004 abc', /binary data/],
    ['Ünïcödé and emoji 🎥 are text', null],
  ])('%j', (prompt, expected) => {
    const problem = promptInputProblem(prompt);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
