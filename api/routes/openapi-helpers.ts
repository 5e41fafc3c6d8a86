import type { z } from '@hono/zod-openapi';
import { PROBLEM_CONTENT_TYPE, Problem } from '../../wire/problem.ts';

const reasons: Record<number, string> = {
  400: 'invalid input: every bad field is listed in `errors`',
  401: 'no valid bearer token',
  403: 'the caller lacks the role, or the workflow refused this person (not on the roster, own system)',
  404: 'no such system',
  409: 'refused in this state (duplicate system, wrong stage, already voted, recused, conditions open)',
  413: 'request body too large',
  415: 'the body must be application/json',
  503: 'the read side has not yet folded the event named by `minSequence` (READ_SIDE_BEHIND): retry shortly',
};

/** Problem+json responses for the given statuses, for a route's OpenAPI description. */
export function errorResponses<S extends keyof typeof reasons & number>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: reasons[s] ?? 'error', content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } } },
    ]),
  ) as Record<S, { description: string; content: { 'application/problem+json': { schema: typeof Problem } } }>;
}

/** A JSON response body. */
export const jsonContent = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: jsonContent(schema), required: true });
