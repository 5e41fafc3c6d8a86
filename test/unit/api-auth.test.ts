import { describe, expect, it } from 'vitest';
import { holds } from '../../domain/authorization.ts';
import { DomainError } from '../../domain/errors.ts';
import { tokenAttacks } from '../support/token-attacks.ts';
import { issuer, signToken, testAuthenticator } from './support/test-keys.ts';

const auth = testAuthenticator();
const base = { iss: issuer, sub: 'mallory' };
const now = () => Math.floor(Date.now() / 1000);

const refusal = async (token: string, a = auth): Promise<DomainError> => {
  const err = await a.authenticate(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
};

describe('the OpenID Connect authenticator (local key set, real signatures)', () => {
  it("accepts the issuer's token and returns its subject, name and known roles", async () => {
    const token = await signToken({ sub: 'alice', name: 'Alice', roles: ['committee_member', 'wizard'] });
    await expect(auth.authenticate(token)).resolves.toEqual({
      sub: 'alice',
      roles: ['committee_member'],
      name: 'Alice',
    });
  });

  it.each(tokenAttacks)('refuses a token with $name', async ({ token, code, reason }) => {
    const err = await refusal(await token(signToken, base));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(reason);
  });

  it('tolerates 60 s of clock skew on iat and exp, and no more', async () => {
    await expect(
      auth.authenticate(await signToken({ ...base, roles: ['auditor'], iat: now() + 30 })),
    ).resolves.toBeDefined();
    await expect(
      auth.authenticate(await signToken({ ...base, roles: ['auditor'], exp: now() - 30 })),
    ).resolves.toBeDefined();
    expect((await refusal(await signToken({ ...base, roles: ['auditor'], iat: now() + 120 }))).message).toMatch(/iat/);
  });

  it('bounds the lifetime by the configured maximum', async () => {
    const short = testAuthenticator({ maxLifetimeSeconds: 300 });
    expect((await refusal(await signToken({ ...base, roles: ['auditor'] }), short)).message).toMatch(/300 s ahead/);
  });

  it('reads roles from a configured claim, or maps an issuer group claim to roles', async () => {
    const custom = testAuthenticator({ rolesClaim: 'govflow_roles' });
    const t1 = await signToken({ ...base, govflow_roles: ['auditor'], roles: ['admin'] });
    await expect(custom.authenticate(t1)).resolves.toEqual({ sub: 'mallory', roles: ['auditor'] });
    const groups = testAuthenticator({
      rolesClaim: 'groups',
      groupRoles: { 'ai-ethics-board': 'committee_member', 'ml-platform': 'deployer' },
    });
    const t2 = await signToken({ ...base, groups: ['ai-ethics-board', 'ml-platform', 'admin'] });
    await expect(groups.authenticate(t2)).resolves.toEqual({ sub: 'mallory', roles: ['committee_member', 'deployer'] });
    expect(() => testAuthenticator({ groupRoles: { staff: 'superuser' } })).toThrow(
      /GOVFLOW_OIDC_GROUP_ROLES: staff=superuser/,
    );
  });
});

describe('roles', () => {
  it.each([
    [['committee_member'], ['committee_member', 'chair'], true],
    [['proposer'], ['committee_member', 'chair'], false],
    [['admin'], ['deployer'], true],
    [[], ['auditor'], false],
  ] as const)('a caller with %j passing a check for %j is %s', (roles, needed, expected) => {
    expect(holds({ sub: 'x', roles: [...roles] }, needed)).toBe(expected);
  });
});
