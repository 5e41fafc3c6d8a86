import type { z } from 'zod';
import { toFieldIssues } from './errors.ts';
import type { FieldIssue } from './errors.ts';

/** Zod issues as field issues, one per bad field: an unknown key is named at its own path, not at its parent. */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return toFieldIssues(issues);
}

/** Joins field issues into one message line: `what: path: reason; path: reason`. */
export const describeIssues = (what: string, issues: readonly FieldIssue[]): string =>
  `${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
