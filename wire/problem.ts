import { z } from 'zod';

/** RFC 9457 problem details, as every error response of the API is shaped. */
export const Problem = z
  .object({
    type: z.string().describe('a URI naming the kind of problem: urn:govflow:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().describe('the stable error code (DomainError code or an HTTP-level one)'),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

/** The content type of a problem response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
