/**
 * zod's validation issues as sentences a person can act on: "accessLevel must be one of only_me,
 * approved, mutuals or everyone." instead of zod's `Invalid option: expected one of "only_me"|...`.
 * Used wherever a boundary answers a validation failure: tRPC procedures, the app-facing API, and
 * route loaders that parse their own search parameters.
 *
 * A message a schema's author wrote (`z.string({ error: 'a name, please' })`) is kept as written
 * after its field's path, or alone when it is a full sentence (a capital first, a full stop last);
 * only zod's own default wording (told apart by asking zod's English locale what it would have said)
 * is rephrased, from the issue's structured fields.
 */
import { z } from 'zod';

type Issue = z.core.$ZodIssue;

const english = z.locales.en();

function isZodDefaultWording(issue: Issue): boolean {
  if (issue.code === 'invalid_type') return issue.message.startsWith('Invalid input: expected ');
  const fallback = english.localeError(issue as Parameters<typeof english.localeError>[0]);
  const text = typeof fallback === 'string' ? fallback : fallback?.message;
  return text === issue.message;
}

const quoteList = (values: readonly unknown[]) => {
  const shown = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
};

const limitWords = (origin: string, bound: number | bigint, inclusive: boolean | undefined, side: 'least' | 'most') => {
  const exact = inclusive === false ? (side === 'least' ? 'more than' : 'fewer than') : `at ${side}`;
  if (origin === 'string') return `${exact} ${bound} character${bound === 1 ? '' : 's'} long`;
  if (origin === 'array' || origin === 'set') return `${exact} ${bound} item${bound === 1 ? '' : 's'}`;
  if (origin === 'file') return `${exact} ${bound} bytes`;
  const numeric = inclusive === false ? (side === 'least' ? 'more than' : 'less than') : `at ${side}`;
  return `${numeric} ${bound}`;
};

/** What is wrong with the value, as the end of a sentence whose subject is the field. */
function phrase(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? 'is missing' : `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${quoteList(issue.values)}` : `must be one of ${quoteList(issue.values)}`;
    case 'too_small':
      return `must be ${limitWords(issue.origin, issue.minimum, issue.inclusive, 'least')}`;
    case 'too_big':
      return `must be ${limitWords(issue.origin, issue.maximum, issue.inclusive, 'most')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'is not in the expected form' : `must be a valid ${issue.format === 'uuid' || issue.format === 'guid' ? 'id (a UUID)' : issue.format}`;
    case 'unrecognized_keys':
      return `has field${issue.keys.length === 1 ? '' : 's'} Loupe does not know: ${quoteList(issue.keys)}; leave ${issue.keys.length === 1 ? 'it' : 'them'} out`;
    default:
      return `is not valid (${issue.message})`;
  }
}

/**
 * One sentence per issue, joined by spaces. `root` names the value when an issue's path is empty
 * ("input", "body"); `prefix` is put before every path ("body" gives "body.accessLevel").
 */
export function describeValidationIssues(issues: readonly Issue[], { root = 'input', prefix }: { root?: string; prefix?: string } = {}): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const field = prefix ? [prefix, path].filter(Boolean).join('.') : path || root;
      if (!isZodDefaultWording(issue)) {
        // An author's full sentence ("Write at least 20 characters in your appeal...") already says what to fix: kept without a field path.
        if (/^[A-Z][\s\S]*[.!?]$/.test(issue.message.trim())) return issue.message.trim();
        return `${field}: ${issue.message.replace(/[.\s]*$/, '')}.`;
      }
      return `${field} ${phrase(issue)}.`;
    })
    .join(' ');
}
