/** Stable error codes: each boundary (workflow, API, CLI) maps them once. */
export const ErrorCode = {
  invalidInput: 'INVALID_INPUT',
  notFound: 'NOT_FOUND',
  conflict: 'CONFLICT',
  wrongStage: 'WRONG_STAGE',
  forbidden: 'FORBIDDEN',
  unauthenticated: 'UNAUTHENTICATED',
  alreadyVoted: 'ALREADY_VOTED',
  notOnRoster: 'NOT_ON_ROSTER',
  ownSystem: 'OWN_SYSTEM',
  recused: 'RECUSED',
  conditionsOpen: 'CONDITIONS_OPEN',
  invalidPolicy: 'INVALID_POLICY',
  separationOfDuties: 'SEPARATION_OF_DUTIES',
  /** A read asked to wait for an event (minSequence) that the read side has not folded in time: retry. */
  readSideBehind: 'READ_SIDE_BEHIND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field of an input: where it is, and why it is wrong. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** A business refusal or bad input, with a stable code and a reason a person can read. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: readonly FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** A zod issue as field-issue conversion needs it: an unknown key carries the key names beside its parent's path. */
interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
  readonly keys?: readonly string[];
}

const dotted = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
    '',
  ) || '(root)';

/**
 * Turns zod issues into field issues with dotted paths (`owner.team`, `evidence.bias.metrics[0]`), one per bad
 * field: an unknown key is named at its own path, not at its parent's.
 */
export function toFieldIssues(issues: readonly IssueLike[]): FieldIssue[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys
      ? i.keys.map((key) => ({ path: dotted([...i.path, key]), message: 'unknown field' }))
      : [{ path: dotted(i.path), message: i.message }],
  );
}

/** Parses with a zod-like schema or throws an INVALID_INPUT DomainError naming every bad field. */
export function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: IssueLike[] } } },
  value: unknown,
  what: string,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = toFieldIssues(r.error.issues);
  throw new DomainError(
    ErrorCode.invalidInput,
    `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}
