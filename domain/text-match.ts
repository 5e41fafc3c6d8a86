import { z } from 'zod';

// Screening reads what a proposer wrote in their own words, so the matcher must be safe on hostile text: no regular
// expression is built from a phrase, every step is a plain substring scan, and the text read is capped. The cost is
// linear in the text's length for each (bounded) term, whatever the input.

/** Characters of a field the matcher reads; longer text is cut here (proposal fields are bounded well below it). */
export const MAX_SCANNED_CHARS = 10_000;
/** The most characters a `*` gap in a phrase may span. */
export const MAX_GAP_CHARS = 40;

const GAP = ' * ';

/** A phrase: terms separated by ` * ` (a gap of at most MAX_GAP_CHARS characters), in any script. */
export const Phrase = z
  .string()
  .trim()
  .min(2)
  .max(100)
  .refine((p) => !p.startsWith('*') && !p.endsWith('*') && p.split(GAP).every((t) => t.trim().length > 0), {
    message: 'a * gap needs a term on each side',
  })
  .refine((p) => !/\p{Cs}/u.test(p), 'must be well-formed Unicode');

/**
 * Lowercases and folds width and compatibility forms (NFKC: full-width Latin, half-width punctuation), and collapses
 * whitespace, so "Trust  Score", "ＴＲＵＳＴ score" and "trust score" read alike.
 */
export function normaliseText(s: string): string {
  return s.slice(0, MAX_SCANNED_CHARS).normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ');
}

const isAsciiWordChar = (c: string | undefined): boolean => c !== undefined && /^[a-z0-9]$/.test(c);

/**
 * Where a term starts in the text, in order. A term that begins with a Latin letter or digit must begin a word
 * ("score" in "scores", not in "underscore"); other scripts (Chinese) have no spaces, so any position counts.
 */
function occurrences(text: string, term: string): number[] {
  const found: number[] = [];
  const wordStart = isAsciiWordChar(term[0]);
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    if (!wordStart || !isAsciiWordChar(text[at - 1])) found.push(at);
  }
  return found;
}

/** The terms of a normalised phrase. */
const termsOf = (phrase: string): string[] =>
  normaliseText(phrase)
    .split(GAP)
    .map((t) => t.trim());

/**
 * Whether the normalised text contains the phrase: each term after the previous one ends, at most MAX_GAP_CHARS
 * characters later. One pass over each term's occurrences with a pointer into the previous term's ends.
 */
export function containsPhrase(text: string, phrase: string): boolean {
  const terms = termsOf(phrase);
  let ends = occurrences(text, terms[0]!).map((s) => s + terms[0]!.length);
  for (const term of terms.slice(1)) {
    const next: number[] = [];
    let j = -1;
    for (const start of occurrences(text, term)) {
      while (j + 1 < ends.length && ends[j + 1]! <= start) j += 1;
      if (j >= 0 && start - ends[j]! <= MAX_GAP_CHARS) next.push(start + term.length);
    }
    ends = next;
    if (ends.length === 0) return false;
  }
  return ends.length > 0;
}

/** The first of the phrases the value mentions (strings, or arrays of strings), or undefined. */
export function firstMention(value: unknown, phrases: readonly string[]): string | undefined {
  const texts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  for (const raw of texts) {
    const text = normaliseText(raw);
    const hit = phrases.find((p) => containsPhrase(text, p));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
