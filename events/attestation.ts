import { z } from 'zod';
import { fromBase64url, toBase64url } from './base64url.ts';
import { verifyEd25519 } from './event-signature.ts';
import { sha256Canonical } from './hash.ts';
import type { TrustedKeys } from './keyring.ts';

/** The predicate type of a govflow approval attestation. */
export const APPROVAL_PREDICATE_TYPE = 'urn:govflow:attestation:approval:v1';
/** DSSE payload type of an in-toto Statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** What the engine attests about an approved system: the decision, who made it, under which rules, until when. */
export const ApprovalPredicate = z
  .strictObject({
    system: z.strictObject({ id: z.string(), name: z.string() }),
    policy: z.strictObject({ pack: z.string(), version: z.string() }),
    tier: z.string(),
    status: z.string().describe('the lifecycle stage at issue: approved or deployed verify; suspended never does'),
    approvers: z.array(z.string()).describe('the members who approved, by id'),
    votes: z.array(z.strictObject({ voter: z.string(), vote: z.string() })),
    conditions: z.array(
      z.strictObject({ id: z.string(), description: z.string(), dueBefore: z.string(), status: z.string() }),
    ),
    approvedAt: z.string(),
    validUntil: z.string().describe('the next re-review: the approval is not valid after it'),
    issuedAt: z.string(),
    chainHead: z.strictObject({ sequence: z.number().int(), hash: z.string() }),
  })
  .meta({ id: 'ApprovalPredicate', title: APPROVAL_PREDICATE_TYPE });
export type ApprovalPredicate = z.infer<typeof ApprovalPredicate>;

/** An in-toto Statement v1 with the approval predicate; the subject is the approved model version. */
export const ApprovalStatement = z.strictObject({
  _type: z.literal('https://in-toto.io/Statement/v1'),
  subject: z
    .array(
      z.strictObject({
        name: z.string(),
        digest: z.record(z.string(), z.string()),
        annotations: z.strictObject({ system: z.string(), model: z.string(), version: z.string() }),
      }),
    )
    .length(1),
  predicateType: z.literal(APPROVAL_PREDICATE_TYPE),
  predicate: ApprovalPredicate,
});
export type ApprovalStatement = z.infer<typeof ApprovalStatement>;

/** A DSSE envelope (base64 payload, one Ed25519 signature over the PAE). */
export const DsseEnvelope = z.strictObject({
  payloadType: z.literal(IN_TOTO_PAYLOAD_TYPE),
  payload: z.string(),
  signatures: z.array(z.strictObject({ keyid: z.string(), sig: z.string() })).min(1),
});
export type DsseEnvelope = z.infer<typeof DsseEnvelope>;

const toBase64 = (bytes: Uint8Array): string => {
  const u = toBase64url(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return u + '='.repeat((4 - (u.length % 4)) % 4);
};
const fromBase64 = (text: string): Uint8Array | undefined =>
  fromBase64url(text.replace(/\+/g, '-').replace(/\//g, '_'));

/** DSSE's pre-authentication encoding: `DSSEv1 <len(type)> <type> <len(body)> <body>`, what the signature covers. */
export function pae(payloadType: string, body: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`DSSEv1 ${payloadType.length} ${payloadType} ${body.length} `);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** The payload bytes and the bytes to sign of a statement. */
export function statementBytes(statement: ApprovalStatement): { body: Uint8Array; toSign: Uint8Array } {
  const body = new TextEncoder().encode(JSON.stringify(statement));
  return { body, toSign: pae(IN_TOTO_PAYLOAD_TYPE, body) };
}

/** Wraps a statement and its signature into a DSSE envelope. */
export const dsseEnvelope = (body: Uint8Array, keyid: string, sig: Uint8Array): DsseEnvelope => ({
  payloadType: IN_TOTO_PAYLOAD_TYPE,
  payload: toBase64(body),
  signatures: [{ keyid, sig: toBase64(sig) }],
});

/** The subject digest when the deployment names no artifact: SHA-256 of the system, model and version. */
export const versionDigest = (system: string, model: string, version: string): string =>
  sha256Canonical({ system, model, version });

/** What a deployment gate checks besides the signature. */
export interface AttestationExpectations {
  readonly now: number;
  readonly version?: string;
  readonly artifactDigest?: string;
  /**
   * The oldest an attestation may be (ms since `issuedAt`). An attestation says what held when it was issued; a
   * system suspended since still holds an old one, valid to the next re-review. A gate that fetches a fresh one
   * for each deployment and sets this refuses one kept from before a suspension.
   */
  readonly maxAgeMs?: number;
}

/** How far an attestation's `issuedAt` may lie ahead of the verifier's clock (clock skew). */
export const ATTESTATION_MAX_SKEW_MS = 60_000;

/** The verdict on an attestation: the statement when valid, else every reason it is not. */
export type AttestationVerdict =
  | { readonly ok: true; readonly statement: ApprovalStatement }
  | { readonly ok: false; readonly reasons: string[]; readonly statement?: ApprovalStatement };

/** Verifies an attestation offline, with the engine's public keys only. Pure. */
export function verifyAttestation(
  raw: unknown,
  keys: TrustedKeys,
  expect: AttestationExpectations,
): AttestationVerdict {
  const env = DsseEnvelope.safeParse(raw);
  if (!env.success) return { ok: false, reasons: ['not a DSSE envelope of an in-toto statement'] };
  const body = fromBase64(env.data.payload);
  if (!body) return { ok: false, reasons: ['the payload is not base64'] };
  const signedBy = env.data.signatures.find((s) => {
    const key = keys.get(s.keyid);
    const sig = fromBase64(s.sig);
    return key && sig && sig.length === 64 && verifyEd25519(sig, pae(env.data.payloadType, body), key);
  });
  if (!signedBy)
    return { ok: false, reasons: ['no valid signature by a trusted engine key (altered, or another signer)'] };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return { ok: false, reasons: ['the payload is not JSON'] };
  }
  const st = ApprovalStatement.safeParse(json);
  if (!st.success) return { ok: false, reasons: [`not a ${APPROVAL_PREDICATE_TYPE} statement`] };
  const statement = st.data;
  const p = statement.predicate;
  const subject = statement.subject[0]!;
  const reasons: string[] = [];
  if (!['approved', 'deployed'].includes(p.status)) reasons.push(`the system was ${p.status} when this was issued`);
  if (Date.parse(p.validUntil) <= expect.now) reasons.push(`the approval expired at ${p.validUntil} (re-review due)`);
  if (expect.maxAgeMs !== undefined) {
    const issued = Date.parse(p.issuedAt);
    if (!(issued >= expect.now - expect.maxAgeMs))
      reasons.push(`issued at ${p.issuedAt}, older than the ${expect.maxAgeMs / 1000} s allowed: fetch a fresh attestation`);
    else if (issued > expect.now + ATTESTATION_MAX_SKEW_MS) reasons.push(`issued at ${p.issuedAt}, in the future`);
  }
  if (expect.version !== undefined && subject.annotations.version !== expect.version)
    reasons.push(`approved version is ${subject.annotations.version}, not ${expect.version}`);
  if (expect.artifactDigest !== undefined && subject.digest.sha256 !== expect.artifactDigest.replace(/^sha256:/, ''))
    reasons.push('the artifact digest differs from the approved one');
  return reasons.length === 0 ? { ok: true, statement } : { ok: false, reasons, statement };
}
