import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuthenticator, hasRole } from '../../api/auth.ts';
import { mintDevToken } from '../../client/dev-token.ts';
import { DomainError } from '../../domain/errors.ts';

const secret = 'a-test-secret-of-enough-length';
const issuer = 'govflow-test';
const auth = createJwtAuthenticator({ secret, issuer });

const rejection = async (token: string): Promise<DomainError> => {
  const err = await auth.authenticate(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
};

describe('the HS256 authenticator', () => {
  it('accepts a dev token and returns its subject and known roles', async () => {
    const token = await mintDevToken({
      sub: 'alice',
      roles: ['committee_member', 'wizard'],
      secret,
      issuer,
      name: 'Alice',
    });
    await expect(auth.authenticate(token)).resolves.toEqual({
      sub: 'alice',
      roles: ['committee_member'],
      name: 'Alice',
    });
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintDevToken({ sub: 'alice', roles: [], secret: 'another-secret-of-enough-length', issuer });
    const err = await rejection(token);
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.message).toMatch(/signature/);
  });

  it('refuses a token from another issuer', async () => {
    const err = await rejection(await mintDevToken({ sub: 'alice', roles: [], secret, issuer: 'someone-else' }));
    expect(err.message).toMatch(/iss/);
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(issuer)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expect((await rejection(token)).message).toMatch(/expired/);
  });

  it('refuses a token without a subject and a string that is not a JWT', async () => {
    const noSub = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .sign(new TextEncoder().encode(secret));
    expect((await rejection(noSub)).message).toMatch(/subject/);
    expect((await rejection('not-a-jwt')).code).toBe('UNAUTHENTICATED');
  });
});

describe('the JWKS authenticator', () => {
  let server: Server;
  let url: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("verifies a token signed by the issuer's key and ignores the shared secret", async () => {
    const jwks = createJwtAuthenticator({ issuer: 'https-idp', jwksUrl: url, secret });
    const token = await new SignJWT({ roles: ['auditor'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('auditor-ann')
      .setIssuer('https-idp')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(jwks.authenticate(token)).resolves.toEqual({ sub: 'auditor-ann', roles: ['auditor'] });
    const hs = await mintDevToken({ sub: 'mallory', roles: ['admin'], secret, issuer: 'https-idp' });
    await expect(jwks.authenticate(hs)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('roles', () => {
  it.each([
    [['committee_member'], ['committee_member', 'chair'], true],
    [['proposer'], ['committee_member', 'chair'], false],
    [['admin'], ['deployer'], true],
    [[], ['auditor'], false],
  ] as const)('a caller with %j passing a check for %j is %s', (roles, needed, expected) => {
    expect(hasRole({ sub: 'x', roles: [...roles] }, needed)).toBe(expected);
  });
});
