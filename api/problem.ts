import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, ErrorCode, type FieldIssue } from '../domain/errors.ts';
import { PROBLEM_CONTENT_TYPE, type Problem } from '../wire/problem.ts';

/** HTTP status for each domain error code: refusals on the state are conflicts, refusals on the person are 403. */
export const statusOfCode: Record<ErrorCode, ContentfulStatusCode> = {
  [ErrorCode.invalidInput]: 400,
  [ErrorCode.unauthenticated]: 401,
  [ErrorCode.forbidden]: 403,
  [ErrorCode.notOnRoster]: 403,
  [ErrorCode.ownSystem]: 403,
  [ErrorCode.separationOfDuties]: 403,
  [ErrorCode.notFound]: 404,
  [ErrorCode.conflict]: 409,
  [ErrorCode.wrongStage]: 409,
  [ErrorCode.alreadyVoted]: 409,
  [ErrorCode.recused]: 409,
  [ErrorCode.conditionsOpen]: 409,
  [ErrorCode.invalidPolicy]: 500,
  [ErrorCode.readSideBehind]: 503,
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Codes for refusals made by HTTP itself rather than by the domain. */
const httpCodes: Record<number, string> = {
  400: ErrorCode.invalidInput,
  401: ErrorCode.unauthenticated,
  403: ErrorCode.forbidden,
  404: ErrorCode.notFound,
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

const isErrorCode = (v: unknown): v is ErrorCode =>
  typeof v === 'string' && (Object.values(ErrorCode) as string[]).includes(v);

/**
 * Finds a domain refusal anywhere in an error's cause chain: the governance client may hand back a Temporal
 * failure whose `type` is the DomainError code set by the workflow's validator.
 */
export function findDomainError(err: unknown): DomainError | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof DomainError) return e;
    const { type, code, message, cause } = e as { type?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    const found = isErrorCode(code) ? code : isErrorCode(type) ? type : undefined;
    if (found) return new DomainError(found, typeof message === 'string' ? message : found);
    e = cause;
  }
  return undefined;
}

/** Builds a problem body. */
export function problem(
  status: number,
  code: string,
  detail: string,
  opts: { instance?: string; errors?: readonly FieldIssue[] } = {},
): Problem {
  return {
    type: `urn:govflow:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...(opts.instance ? { instance: opts.instance } : {}),
    ...(opts.errors && opts.errors.length > 0 ? { errors: [...opts.errors] } : {}),
  };
}

/** Sends a problem as `application/problem+json`. */
export function sendProblem(c: Context, body: Problem): Response {
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, { 'content-type': PROBLEM_CONTENT_TYPE });
}

/** Translates any error into a problem: the API's one place where errors become HTTP. */
export function toProblem(err: unknown, instance: string): Problem {
  const domain = findDomainError(err);
  if (domain) {
    return problem(statusOfCode[domain.code], domain.code, domain.message, { instance, errors: domain.issues });
  }
  if (err instanceof HTTPException) {
    const code = httpCodes[err.status] ?? `HTTP_${err.status}`;
    return problem(err.status, code, err.message || titles[err.status] || 'error', { instance });
  }
  return problem(500, 'INTERNAL', 'the server could not complete the request', { instance });
}

/** The app's single error handler (`app.onError`). */
export function onError(log: (msg: string, err: unknown) => void = () => {}) {
  return (err: Error, c: Context): Response => {
    const body = toProblem(err, c.req.path);
    if (body.status >= 500) log(`${c.req.method} ${c.req.path} failed`, err);
    return sendProblem(c, body);
  };
}
