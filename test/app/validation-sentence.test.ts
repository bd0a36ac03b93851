/**
 * Validation failures read as sentences: zod's default wording is rephrased from the issue's fields,
 * a schema author's own message is kept, and paths are prefixed where the API says where the value was.
 */
import { z } from 'zod';
import { describeValidationIssues } from '../../app/services/validation-sentence';

const schema = z
  .object({
    accessLevel: z.enum(['only_me', 'approved', 'mutuals', 'everyone']),
    name: z.string().min(3),
    seconds: z.number().int().max(20),
    id: z.uuid(),
    note: z.string(),
    tags: z.array(z.string()).min(1),
    handle: z.string({ error: 'a handle such as @ada, please' }),
  })
  .strict();

const sentencesFor = (value: unknown, options?: Parameters<typeof describeValidationIssues>[1]) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected the value to be refused');
  return describeValidationIssues(parsed.error.issues, options);
};

it('rephrases zod\'s own wording field by field', () => {
  const text = sentencesFor({ accessLevel: 'friends', name: 'ab', seconds: 30, id: 'nope', tags: [], handle: '@ada', extra: 1 });
  expect(text).toContain('accessLevel must be one of only_me, approved, mutuals or everyone.');
  expect(text).toContain('name must be at least 3 characters long.');
  expect(text).toContain('seconds must be at most 20.');
  expect(text).toContain('id must be a valid id (a UUID).');
  expect(text).toContain('note is missing.');
  expect(text).toContain('tags must be at least 1 item.');
  expect(text).toContain('input has field Loupe does not know: extra; leave it out.');
  expect(text).not.toMatch(/Invalid option|Too small|Too big|expected string/);
});

it('keeps a message the schema\'s author wrote, and names wrong types plainly', () => {
  const text = sentencesFor({ accessLevel: 'everyone', name: 'Ada', seconds: 2.5, id: '8d7e4f4e-8a7b-4c8e-9f55-3f1a3a8c2b11', note: 'x', tags: ['a'], handle: 5 });
  expect(text).toBe('seconds must be a whole number. handle: a handle such as @ada, please.');
});

it('prefixes paths with where the value was, and names the root when the path is empty', () => {
  expect(sentencesFor({ accessLevel: 'x', name: 'Ada', seconds: 1, id: '8d7e4f4e-8a7b-4c8e-9f55-3f1a3a8c2b11', note: '', tags: ['a'], handle: 'h' }, { prefix: 'body' }))
    .toBe('body.accessLevel must be one of only_me, approved, mutuals or everyone.');
  const top = z.string().safeParse(3);
  expect(describeValidationIssues(top.error!.issues, { root: 'body' })).toBe('body must be a string.');
});

it('keeps an author\'s full sentence without the field path (an app API refusal reads as a sentence)', () => {
  const statement = z.object({ statement: z.string().min(20, 'Write at least 20 characters in your appeal.') });
  const parsed = statement.safeParse({ statement: 'short' });
  expect(describeValidationIssues(parsed.error!.issues, { prefix: 'body' })).toBe('Write at least 20 characters in your appeal.');
});
