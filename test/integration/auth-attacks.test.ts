import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLI_CLIENT_ID, deviceLogin } from '../../client/oidc-client.ts';
import { DomainError } from '../../domain/errors.ts';
import { tokenAttacks } from '../support/token-attacks.ts';
import { signInAtBrowser } from './helpers/browser.ts';
import { issuerAuthenticator, issuerUrl, tokenFor } from './helpers/issuer.ts';
import { testConfig } from './helpers/temporal.ts';

const auth = issuerAuthenticator();
const bin = fileURLToPath(new URL('../../bin/govflow.js', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Signs with the local issuer's own private key (from the stack's state folder): what a compromised or misconfigured
 * issuer could emit. The API must still refuse every token that breaks a rule.
 */
async function issuerSigner(): Promise<(claims: JWTPayload) => Promise<string>> {
  const file = JSON.parse(await readFile(join(testConfig.GOVFLOW_STATE_DIR, 'oidc', 'keys.json'), 'utf8')) as {
    jwks: { keys: (Record<string, unknown> & { kid: string })[] };
  };
  const jwk = file.jwks.keys[0]!;
  const key = await importJWK(jwk, 'ES256');
  return (claims) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuerUrl, aud: testConfig.GOVFLOW_OIDC_AUDIENCE, iat: now, exp: now + 600, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'at+jwt' })
      .sign(key);
  };
}

describe("tokens checked against the local issuer's discovery document and JWKS", () => {
  it("accepts what the issuer's token endpoint gives a roster person, with the roster's roles", async () => {
    await expect(auth.authenticate(await tokenFor('chair-erin'))).resolves.toEqual({
      sub: 'chair-erin',
      name: 'Erin',
      roles: ['chair'],
    });
    await expect(auth.authenticate(await tokenFor('pat'))).resolves.toMatchObject({
      roles: ['committee_member', 'proposer'],
    });
  });

  it('refuses every attack, even one signed with the issuer key, each with its reason', async () => {
    const sign = await issuerSigner();
    // The control: the same signer with sane claims is accepted, so each refusal below is about its one flaw.
    await expect(auth.authenticate(await sign({ sub: 'mallory', roles: ['auditor'] }))).resolves.toBeDefined();
    for (const attack of tokenAttacks) {
      const err = await auth.authenticate(await attack.token(sign, { iss: issuerUrl, sub: 'mallory' })).then(
        () => new Error(`${attack.name}: accepted`),
        (e: unknown) => e,
      );
      expect(err, attack.name).toBeInstanceOf(DomainError);
      expect((err as DomainError).code, attack.name).toBe(attack.code);
      expect((err as DomainError).message, attack.name).toMatch(attack.reason);
    }
  });
});

describe('govflow login with the device authorization grant (RFC 8628)', () => {
  it("gets a token once the person signs in at the printed address, with that person's roles", async () => {
    let signedIn: Promise<string> | undefined;
    const token = await deviceLogin({
      issuer: issuerUrl,
      clientId: CLI_CLIENT_ID,
      scope: 'openid profile govflow',
      // The person opens the address the CLI prints, in a browser, while the CLI polls.
      prompt: (a) => void (signedIn = signInAtBrowser(a.verification_uri_complete ?? a.verification_uri, 'chair-erin')),
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 500))),
    });
    expect(await signedIn).toMatch(/success/i);
    await expect(auth.authenticate(token)).resolves.toMatchObject({ sub: 'chair-erin', roles: ['chair'] });
  });

  it('is refused for a name that is on no roster', async () => {
    const login = deviceLogin({
      issuer: issuerUrl,
      clientId: CLI_CLIENT_ID,
      scope: 'openid govflow',
      prompt: (a) =>
        void signInAtBrowser(a.verification_uri_complete ?? a.verification_uri, 'mallory').catch(() => undefined),
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 500))),
    });
    // The issuer says why, as an OAuth error the CLI can show, not a server_error.
    await expect(login).rejects.toThrow(
      'sign-in refused: access_denied (unknown account "mallory": the roster files list who may sign in)',
    );
  });

  it('govflow login prints where to sign in, then one plain line and exit code 1 when the name is on no roster', async () => {
    const cli = spawn(process.execPath, [bin, 'login'], {
      cwd: root,
      env: { ...process.env, GOVFLOW_OIDC_ISSUER: issuerUrl, XDG_CONFIG_HOME: await mkdtemp(join(tmpdir(), 'govflow-login-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const prompted = new Promise<string>((resolve) =>
      cli.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const url = /open (\S+) and enter the code/.exec(stderr)?.[1];
        if (url) resolve(url);
      }),
    );
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    void signInAtBrowser(await prompted, 'mallory').catch(() => undefined);
    expect(await exited).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^To sign in, open http:\/\/127\.0\.0\.1:\d+\/device\?user_code=\S+ and enter the code \S+$/),
      'govflow: sign-in refused: access_denied (unknown account "mallory": the roster files list who may sign in)',
    ]);
  });
});
