/** The likeness complaint rules: evidence types told by their bytes, and when the evidence is enough. */
import { EVIDENCE_LIMITS, evidenceProblem, sniffEvidenceType } from '../../policies/likeness-complaints';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new TextEncoder().encode(text);

it.each([
  ['a JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
  ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
  ['a WebP', new Uint8Array([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBPVP8 ')]), 'image/webp'],
  ['a PDF', ascii('%PDF-1.7\n'), 'application/pdf'],
  ['a RIFF that is not WebP (a WAV)', new Uint8Array([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WAVEfmt ')]), null],
  ['an HTML page named .pdf', ascii('<!doctype html><script>'), null],
  ['a PNG cut after its first bytes', bytes(0x89, 0x50, 0x4e), null],
  ['nothing', bytes(), null],
])('tells %s by its bytes', (_label, file, expected) => {
  expect(sniffEvidenceType(file)).toBe(expected);
});

it.each([
  ['self', 'too short', 0, /at least 20 characters.*why it is you/],
  ['estate', 'x'.repeat(EVIDENCE_LIMITS.minTextChars), 0, /attach at least one document/],
  ['authorised_representative', 'The person in the video is my client, see the letter.', 0, /attach at least one document/],
  ['authorised_representative', 'The person in the video is my client, see the letter.', 1, null],
  ['self', '   padded                     ', 0, /at least 20 characters/],
  ['self', 'The dancer in this video has my face and my tattoo.', 0, null],
] as const)('%s with "%s" and %i file(s)', (relationship, text, files, expected) => {
  const problem = evidenceProblem(relationship, text, files);
  if (expected === null) expect(problem).toBeNull();
  else expect(problem).toMatch(expected);
});
