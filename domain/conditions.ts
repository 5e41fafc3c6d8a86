import { z } from 'zod';
import { Phrase, firstMention } from './text-match.ts';

/** A dotted path into a proposal, such as `sector` or `evidence.bias.metrics`. */
export const FieldPath = z
  .string()
  .max(200)
  .regex(
    /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/,
    'must be a dotted field path such as evidence.safety.redTeaming',
  );

const Scalar = z.union([z.string().max(200), z.number(), z.boolean()]);
/** A value a condition compares with. */
export type Scalar = z.infer<typeof Scalar>;

// The condition type is written by hand once because zod cannot infer a recursive union; the schema below checks it.
/**
 * A condition over proposal fields: data, never code. On array fields, `eq` and `in` match any element. `mentions`
 * reads free text for phrases (see text-match.ts: linear-time, length-bounded, English and Chinese alike).
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { path: string; eq: Scalar }
  | { path: string; in: Scalar[] }
  | { path: string; gte: number }
  | { path: string; lte: number }
  | { path: string; exists: true }
  | { path: string; missing: true }
  | { path: string; truthy: boolean }
  | { path: string; mentions: string[] };

/** The zod schema of a condition (strict: an unknown operator is refused). */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.strictObject({ all: z.array(Condition).min(1).max(50) }),
      z.strictObject({ any: z.array(Condition).min(1).max(50) }),
      z.strictObject({ not: Condition }),
      z.strictObject({ path: FieldPath, eq: Scalar }),
      z.strictObject({ path: FieldPath, in: z.array(Scalar).min(1).max(100) }),
      z.strictObject({ path: FieldPath, gte: z.number() }),
      z.strictObject({ path: FieldPath, lte: z.number() }),
      z.strictObject({ path: FieldPath, exists: z.literal(true) }),
      z.strictObject({ path: FieldPath, missing: z.literal(true) }),
      z.strictObject({ path: FieldPath, truthy: z.boolean() }),
      z.strictObject({ path: FieldPath, mentions: z.array(Phrase).min(1).max(200) }),
    ],
    {
      error:
        'not a condition: use all, any or not, or a path with one of eq, in, gte, lte, exists, missing, truthy, mentions',
    },
  ),
);

/** Reads a dotted path from a value; undefined when any step is absent. */
export function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const isPresent = (v: unknown): boolean => v !== undefined && v !== null;
const isTruthy = (v: unknown): boolean =>
  Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim().length > 0 : Boolean(v);
const values = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Evaluates a condition against a value (a proposal); pure and total. */
export function evaluate(cond: Condition, subject: unknown): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, subject));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, subject));
  if ('not' in cond) return !evaluate(cond.not, subject);
  const v = readPath(subject, cond.path);
  if ('eq' in cond) return values(v).some((x) => x === cond.eq);
  if ('in' in cond) return values(v).some((x) => cond.in.some((y) => y === x));
  if ('gte' in cond) return typeof v === 'number' && v >= cond.gte;
  if ('lte' in cond) return typeof v === 'number' && v <= cond.lte;
  if ('exists' in cond) return isPresent(v);
  if ('missing' in cond) return !isPresent(v);
  if ('mentions' in cond) return firstMention(v, cond.mentions) !== undefined;
  return isTruthy(v) === cond.truthy;
}

/** Every field path a condition reads, so a pack can be checked against the proposal schema. */
export function conditionPaths(cond: Condition): string[] {
  if ('all' in cond) return cond.all.flatMap(conditionPaths);
  if ('any' in cond) return cond.any.flatMap(conditionPaths);
  if ('not' in cond) return conditionPaths(cond.not);
  return [cond.path];
}

/** What the `mentions` operators of a condition found, field by field, so a fired flag can say what it read. */
export function mentionsFound(cond: Condition, subject: unknown): { path: string; phrase: string }[] {
  if ('all' in cond) return cond.all.flatMap((c) => mentionsFound(c, subject));
  if ('any' in cond) return cond.any.flatMap((c) => mentionsFound(c, subject));
  if ('not' in cond) return [];
  if (!('mentions' in cond)) return [];
  const phrase = firstMention(readPath(subject, cond.path), cond.mentions);
  return phrase === undefined ? [] : [{ path: cond.path, phrase }];
}
