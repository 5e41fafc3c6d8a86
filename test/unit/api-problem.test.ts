import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { findDomainError, statusOfCode, toProblem } from '../../api/problem.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';

describe('problem details', () => {
  it('gives every domain error code an HTTP status, and none of them is a 5xx except a broken policy and a read side still behind', () => {
    for (const code of Object.values(ErrorCode)) {
      const status = statusOfCode[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      if (code !== ErrorCode.invalidPolicy && code !== ErrorCode.readSideBehind) expect(status, code).toBeLessThan(500);
    }
    // Not the caller's fault and over soon: 503, retry (never a stale answer).
    expect(statusOfCode[ErrorCode.readSideBehind]).toBe(503);
  });

  it.each([
    [ErrorCode.alreadyVoted, 409],
    [ErrorCode.wrongStage, 409],
    [ErrorCode.conflict, 409],
    [ErrorCode.notOnRoster, 403],
    [ErrorCode.ownSystem, 403],
    [ErrorCode.notFound, 404],
    [ErrorCode.invalidInput, 400],
  ] as const)('maps %s to %i with the reason as detail', (code, status) => {
    const p = toProblem(new DomainError(code, 'because'), '/v1/x');
    expect(p).toMatchObject({ status, code, detail: 'because', instance: '/v1/x' });
    expect(p.type).toBe(`urn:govflow:problem:${code.toLowerCase().replaceAll('_', '-')}`);
  });

  it('finds a domain code in the cause chain of a workflow failure, as the Temporal client reports it', () => {
    const failure = Object.assign(new Error('Workflow Update failed'), {
      cause: Object.assign(new Error('alice has already voted in round 1'), { type: 'ALREADY_VOTED' }),
    });
    expect(findDomainError(failure)).toMatchObject({
      code: 'ALREADY_VOTED',
      message: 'alice has already voted in round 1',
    });
    expect(toProblem(failure, '/').status).toBe(409);
  });

  it('keeps the field issues of invalid input', () => {
    const p = toProblem(new DomainError(ErrorCode.invalidInput, 'bad', [{ path: 'owner', message: 'Required' }]), '/');
    expect(p.errors).toEqual([{ path: 'owner', message: 'Required' }]);
  });

  it('maps HTTP-level refusals and hides unexpected errors behind a generic 500', () => {
    expect(toProblem(new HTTPException(415, { message: 'Unsupported Media Type' }), '/')).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    const p = toProblem(new Error('secret internals'), '/');
    expect(p.status).toBe(500);
    expect(p.detail).not.toContain('secret');
  });
});
