/**
 * Finding the names of people in a prompt, registry or not.
 *
 * Two sources of evidence, because neither is enough alone:
 * - `compromise` (an English NLP library: lexicon + rule tagger, pure JavaScript, deterministic)
 *   tags words as first names, last names and honorifics: the tags its `people()` reads. We read
 *   the tags rather than `people()`'s phrases because its phrases stop short ("Taylor" of "Taylor
 *   Swift", "President" of "President Macron") and calling it as well doubled the time on long
 *   prompts without changing any result of the development half. It misses most Indonesian names.
 * - Capitalised spans: consecutive capitalised words with nothing but spaces (or a name particle)
 *   between them, minus function words, titles and place words, in English and Indonesian.
 *
 * A span is a person's name when it has at least two name words and some evidence (a given name
 * from lexicon/given-names.ts or compromise, a compromise person tag, a title before it), or one
 * name word that is a family name (compromise) or follows a title ("Presiden Jokowi"). A given name
 * alone ("my friend Sarah", "Budi makan nasi", "a dog named Max") is nobody in particular and is
 * not returned; nor is a span with a place word ("Lincoln Park", "Jalan Sudirman").
 */
import nlp from 'compromise';
import { GIVEN_NAMES } from './lexicon/given-names.js';
import { NAME_PARTICLES, NOT_NAME_WORDS, PLACE_WORDS, TITLES } from './lexicon/not-names.js';
import { wordsOf, type Word } from './fold-name.js';

/** A person's name found in a prompt. `start`/`end` are UTF-16 offsets into the prompt (end exclusive). */
export interface NameSpan {
  start: number;
  end: number;
  /** The name as typed, without a title before it. */
  text: string;
  /** Folded words of the name, joined by single spaces (for comparing with lists and cameo names). */
  folded: string;
  /** The same with the title before it, if any ("king arthur"), for lists that include titles. */
  foldedWithTitle: string;
  /** Why this span is taken for a person's name, as a short phrase for the reasons. */
  evidence: string;
}

/** Tags of compromise that make a word part of a person's name. */
const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName'];
/** Tags of compromise that make a word part of a place or an organisation. */
const PLACE_TAGS = ['Place', 'Country', 'City', 'Region', 'Organization'];
/**
 * Share of capitalised words above which capitalisation says nothing (a Title Case or ALL CAPS
 * prompt), counted only from this many words: a short prompt is often mostly a name.
 */
const TITLE_CASE_SHARE = 0.8;
const TITLE_CASE_MIN_WORDS = 6;

interface TaggedWord extends Word {
  tags: ReadonlySet<string>;
}

/** Person names in `text`, in text order, not overlapping. Deterministic; no I/O. */
export function findPersonNames(text: string): NameSpan[] {
  const plain = wordsOf(text);
  if (plain.length === 0) return [];
  const capitalisedCount = plain.filter((w) => w.capitalised).length;
  const allCaps = plain.length >= 3 && plain.every((w) => w.raw === w.raw.toUpperCase());
  const capitalisationMeansName = !allCaps && (plain.length < TITLE_CASE_MIN_WORDS || capitalisedCount / plain.length < TITLE_CASE_SHARE);
  // Where capitalisation means something and nothing is capitalised, no span can start: skip the
  // tagger, which is most of the time screening takes (lower-case prompts are common).
  if (capitalisationMeansName && capitalisedCount === 0) return [];
  // Where capitalisation marks the candidates, only they (and their neighbours, for context) need
  // tags: the tagger then reads a few words around each capital instead of the whole prompt.
  const words = capitalisationMeansName ? tagWordsNearCapitals(text, plain) : tagWords(text, plain);

  const spans: NameSpan[] = [];
  for (const run of capitalisedRuns(text, words, capitalisationMeansName)) {
    const span = nameInRun(text, run);
    if (span) spans.push(span);
  }
  return spans;
}

/** compromise's tags for each of our words (matched by start offset; words it splits differently get none). */
function tagWords(text: string, words: readonly Word[]): TaggedWord[] {
  const tagsAt = new Map<number, Set<string>>();
  addTags(tagsAt, text, 0);
  return words.map((w) => ({ ...w, tags: tagsAt.get(w.start) ?? new Set<string>() }));
}

/**
 * Words of context the tagger reads on each side of a capitalised word. compromise's tags for a
 * word depend on its neighbours ("Lincoln Park", "May" the month); three words on each side kept
 * every result of the evaluation (npm run eval:people) unchanged.
 */
const TAGGING_CONTEXT_WORDS = 3;

/**
 * Like `tagWords`, but the tagger reads only windows of TAGGING_CONTEXT_WORDS words around each
 * capitalised word (overlapping windows merged); words outside every window get no tags. Valid
 * where only capitalised words can start or extend a name (`capitalisationMeansName`): the tagger
 * costs time in proportion to the text it reads, and most of a long prompt is lower case.
 */
function tagWordsNearCapitals(text: string, words: readonly Word[]): TaggedWord[] {
  const tagsAt = new Map<number, Set<string>>();
  let windowStart = -1;
  let windowEnd = -1;
  const flush = () => {
    if (windowStart >= 0) addTags(tagsAt, text.slice(words[windowStart]!.start, words[windowEnd]!.end), words[windowStart]!.start);
  };
  words.forEach((w, i) => {
    // A capitalised function word ("The", "I", "Saya") never joins a name run (capitalisedRuns
    // drops it), so it needs no window of its own; in long sentence-case prompts these windows were
    // most of the text the tagger read.
    if (!w.capitalised || NOT_NAME_WORDS.has(w.folded)) return;
    const from = Math.max(0, i - TAGGING_CONTEXT_WORDS);
    const to = Math.min(words.length - 1, i + TAGGING_CONTEXT_WORDS);
    if (windowStart >= 0 && from <= windowEnd + 1) windowEnd = Math.max(windowEnd, to);
    else {
      flush();
      windowStart = from;
      windowEnd = to;
    }
  });
  flush();
  return words.map((w) => ({ ...w, tags: tagsAt.get(w.start) ?? new Set<string>() }));
}

/** Runs the tagger on `part` (which starts at `offset` in the prompt) and records each term's tags by its prompt offset. */
function addTags(tagsAt: Map<number, Set<string>>, part: string, offset: number): void {
  const json = nlp(part).json({ offset: true, terms: { offset: true, tags: true } }) as CompromiseSentence[];
  for (const sentence of json) {
    for (const term of sentence.terms ?? []) {
      if (term.offset) tagsAt.set(offset + term.offset.start, new Set(term.tags ?? []));
    }
  }
}

/** The subset of compromise's JSON output read here. */
interface CompromiseSentence {
  offset?: { start: number; length: number };
  terms?: { tags?: string[]; offset?: { start: number; length: number } }[];
}

const hasAny = (w: TaggedWord, tags: readonly string[]): boolean => tags.some((t) => w.tags.has(t));

/**
 * Runs of words that may form a name: capitalised words (or, when capitalisation means nothing,
 * words compromise tags as a person's) separated only by spaces or a lower-case name particle.
 */
function capitalisedRuns(text: string, words: TaggedWord[], capitalisationMeansName: boolean): TaggedWord[][] {
  const runs: TaggedWord[][] = [];
  let run: TaggedWord[] = [];
  const flush = () => {
    while (run.length > 0 && NAME_PARTICLES.has(run[run.length - 1]!.folded)) run.pop();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const gap = run.length > 0 ? text.slice(run[run.length - 1]!.end, w.start) : ' ';
    if (run.length > 0 && !/^[ \t\u00a0]+$/u.test(gap)) flush();
    const candidate = capitalisationMeansName ? w.capitalised : hasAny(w, PERSON_TAGS) || TITLES.has(w.folded) || GIVEN_NAMES.has(w.folded);
    const particle = run.length > 0 && !w.capitalised && NAME_PARTICLES.has(w.folded);
    if ((candidate && !NOT_NAME_WORDS.has(w.folded)) || particle) run.push(w);
    else flush();
  }
  flush();
  return runs;
}

/** Articles and classifiers that, right before a lone capitalised word, make it a thing rather than a person. */
const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the', 'this', 'that', 'my', 'our', 'sebuah', 'seekor', 'buah', 'ekor']);

/** The folded word right before `w` in the text (empty at the start). */
function wordBefore(text: string, w: Word): string {
  const m = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(text.slice(0, w.start));
  return m ? m[1]!.toLowerCase() : '';
}

/** The person's name inside one run, or undefined when the run is a place, a lone given name or no name. */
function nameInRun(text: string, run: TaggedWord[]): NameSpan | undefined {
  let i = 0;
  while (i < run.length && TITLES.has(run[i]!.folded)) i++;
  const titled = i > 0;
  const name = run.slice(i);
  if (name.length === 0) return undefined;
  if (name.some((w) => PLACE_WORDS.has(w.folded))) return undefined;
  if (name.every((w) => hasAny(w, PLACE_TAGS) && !hasAny(w, PERSON_TAGS))) return undefined;
  const core = name.filter((w) => !NAME_PARTICLES.has(w.folded));
  // Names are a few words; a longer capitalised run is a title or a heading, not a person.
  if (core.length > 5) return undefined;

  const given = core.some((w) => GIVEN_NAMES.has(w.folded) || w.tags.has('FirstName') || w.tags.has('MaleName') || w.tags.has('FemaleName'));
  const tagged = core.some((w) => hasAny(w, PERSON_TAGS));
  let evidence: string | undefined;
  if (core.length >= 2) {
    if (given) evidence = 'a given name followed by a family name';
    else if (titled) evidence = `the title "${run[0]!.raw}" before a full name`;
    else if (tagged) evidence = 'the language model tags it as a person';
  } else {
    const only = core[0]!;
    const everyday = GIVEN_NAMES.has(only.folded);
    // "a Ferrari", "the Hilton": an article before a lone capitalised word makes it a thing.
    if (!titled && ARTICLES.has(wordBefore(text, run[0]!))) return undefined;
    if (titled && !everyday) evidence = `the title "${run[0]!.raw}" before it`;
    else if (!everyday && only.tags.has('LastName') && !only.tags.has('FirstName')) evidence = 'the language model knows it as a family name';
  }
  if (!evidence) return undefined;
  const first = name[0]!;
  const last = name[name.length - 1]!;
  return {
    start: first.start,
    end: last.end,
    text: text.slice(first.start, last.end),
    folded: name.map((w) => w.folded).join(' '),
    foldedWithTitle: run.map((w) => w.folded).join(' '),
    evidence,
  };
}
