import { describe, expect, it } from 'vitest';
import { may } from '../../../domain/authorization.ts';
import type { Role } from '../../../domain/identity.ts';

describe('reading the fleet: indicators and the regulator report', () => {
  it.each<[readonly Role[] | undefined, boolean]>([
    [['auditor'], true],
    [['admin'], true],
    [['chair'], true],
    [['committee_member'], false],
    [['proposer', 'deployer'], false],
    [[], false],
    [undefined, false],
  ])('roles %j: allowed %s', (roles, allowed) => {
    for (const action of ['readIndicators', 'readReport'] as const) {
      const d = may({ sub: 'someone', ...(roles ? { roles } : {}) }, action);
      expect(d.allowed).toBe(allowed);
      if (!d.allowed) expect(d).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
