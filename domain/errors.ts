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

/** Turns zod issues into field issues with dotted paths (`owner.team`, `evidence.bias.metrics[0]`). */
export function toFieldIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] {
  return issues.map((i) => ({
    path: i.path.reduce<string>(
      (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
      '',
    ) || '(root)',
    message: i.message,
  }));
}

/** Parses with a zod-like schema or throws an INVALID_INPUT DomainError naming every bad field. */
export function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
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
