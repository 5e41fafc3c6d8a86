import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { signEvent } from '../../../activities/publish-events.ts';
import { ensureKeyFile, loadKeyFile, rotateKeyFile } from '../../../adapters/signing-keys.ts';
import { fromBase64url, toBase64url } from '../../../events/base64url.ts';
import { checkNext } from '../../../events/chain-tracker.ts';
import { verifyChain } from '../../../events/chain.ts';
import { checkEventSignature, eventSigningInput } from '../../../events/event-signature.ts';
import { trustedKeysFromJwks } from '../../../events/keyring.ts';
import { voteChain } from '../../support/event-chains.ts';
import { forgerSigned, testEventKeys, unsigned } from '../../support/test-keys.ts';

const keys = testEventKeys.trusted;
const [e1, e2, e3] = voteChain('signed-sys', 3) as [
  ReturnType<typeof voteChain>[number],
  ReturnType<typeof voteChain>[number],
  ReturnType<typeof voteChain>[number],
];

describe('event signatures', () => {
  it('accepts an event signed by a trusted key and names why anything else is refused', () => {
    expect(checkEventSignature(e1, keys)).toEqual({ ok: true });
    const reason = (e: Record<string, unknown>) => {
      const v = checkEventSignature(e as typeof e1, keys);
      return v.ok ? 'ok' : v.problem;
    };
    expect(reason(unsigned(e1))).toBe('unsigned');
    expect(reason(forgerSigned(e1))).toBe('unknown_key');
    expect(reason({ ...e1, sig: e2.sig })).toBe('bad_signature');
    expect(reason({ ...e1, sig: 'A'.repeat(86) })).toBe('bad_signature');
    expect(reason({ ...e1, data: { ...(e1.data as object), vote: 'reject' } })).toBe('hash_mismatch');
  });

  it('is deterministic: a re-signed (retried) event is byte-for-byte the same', async () => {
    const again = await signEvent(unsigned(e1), testEventKeys.signer);
    expect(JSON.stringify(again)).toBe(JSON.stringify(e1));
  });

  it('verifies with any Ed25519 implementation (Node/OpenSSL) from the JWKS alone, and kid is the RFC 7638 thumbprint', async () => {
    const jwk = testEventKeys.jwks().keys[0]!;
    expect(await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x })).toBe(jwk.kid);
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    const message = Buffer.from(`govflow-event-v1.${e1.sigkid}.${e1.hash}`, 'ascii');
    expect(verify(null, message, publicKey, Buffer.from(fromBase64url(e1.sig!)!))).toBe(true);
    expect(Buffer.from(eventSigningInput(e1.sigkid!, e1.hash)).equals(message)).toBe(true);
  });

  it('round-trips base64url of every length', () => {
    for (let n = 0; n < 70; n += 1) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) % 256);
      expect(toBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64url(toBase64url(bytes))).toEqual(bytes);
    }
    expect(fromBase64url('not base64!')).toBeUndefined();
  });

  it('keeps events signed before a rotation verifiable after it, and trusts the new key', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'govflow-keys-')), 'events.jwks.json');
    expect(await ensureKeyFile(path)).toBe(true);
    expect(await ensureKeyFile(path)).toBe(false);
    const before = await loadKeyFile(path);
    const old = await signEvent(unsigned(e1), before.signer);
    const { retired, current } = await rotateKeyFile(path);
    expect(retired).toBe(before.signer.kid);
    const after = await loadKeyFile(path);
    expect(after.signer.kid).toBe(current);
    const fresh = await signEvent(unsigned(e2), after.signer);
    const verdict = verifyChain([old, fresh], { keys: after.trusted });
    expect(verdict).toMatchObject({ ok: true, problems: [] });
    expect(new Set([old.sigkid, fresh.sigkid]).size).toBe(2);
    // The file keeps only the public half of the retired key.
    const file = JSON.parse(await readFile(path, 'utf8')) as { keys: { kid: string; d?: string }[] };
    expect(file.keys.map((k) => [k.kid, 'd' in k])).toEqual([
      [current, true],
      [retired, false],
    ]);
    expect(trustedKeysFromJwks(after.jwks()).size).toBe(2);
  });
});

describe('checkNext with signatures', () => {
  it('quarantines a forged-ahead chain (re-hashed, unsigned or signed by an unknown key) and still delivers the genuine next event', () => {
    const [g1, g2] = voteChain('forged-sys', 2) as [typeof e1, typeof e1];
    const forgedAhead = voteChain('forged-sys', 3, [g1]).map((e, i) => (i % 2 === 0 ? unsigned(e) : forgerSigned(e)));
    let cursor = checkNext(undefined, g1, { keys }).next;
    const decisions: string[] = [];
    for (const f of forgedAhead) {
      const c = checkNext(cursor, f, { keys });
      decisions.push(`${c.decision}:${c.problems.map((p) => p.kind).join(',')}`);
      cursor = c.next;
    }
    expect(decisions).toEqual(['quarantine:unsigned', 'quarantine:unknown_key', 'quarantine:unsigned']);
    const genuine = checkNext(cursor, g2, { keys });
    expect(genuine).toMatchObject({ decision: 'deliver', problems: [] });
  });

  it('quarantines an invented lifecycle with no genuine event at all', () => {
    const invented = voteChain('invented-sys', 10).map(unsigned);
    const v = verifyChain(invented, { keys });
    expect(v.accepted).toEqual([]);
    expect(v.quarantined.map((q) => q.problem.kind)).toEqual(Array(10).fill('unsigned'));
    expect(v.ok).toBe(false);
  });

  it('delivers a signed chain of three with no problem', () => {
    expect(verifyChain([e1, e2, e3], { keys })).toMatchObject({ ok: true, problems: [] });
  });
});
