import { verifyCommandProof, COMMAND_MAX_AGE_MS, START_COMMAND, type CommandClaims } from '../events/command-proof.ts';
import { jwkThumbprint, trustedKeysFromJwks, type Jwks, type TrustedKeys } from '../events/keyring.ts';
import { DomainError, ErrorCode } from '../domain/errors.ts';

/** What a signed start vouches for: the workflow's start input without the proof. */
export interface StartClaims {
  readonly proposal: unknown;
  readonly policyPack: string;
  /** Every pack of a proposal under several regimes; absent for one pack (so one-pack starts sign what they did). */
  readonly policyPacks?: readonly string[] | undefined;
  readonly actor: string;
  readonly roles?: readonly string[] | undefined;
}

/** What a lifecycle carries across continue-as-new: the edge keys it trusts and the nonces it has seen lately. */
export interface CommandTrustState {
  readonly jwks: Jwks;
  readonly seen: readonly (readonly [string, number])[];
}

/**
 * The lifecycle's trust in the edge that signs commands. Lifecycles started before signed commands (`required`
 * false) accept unsigned updates as they always did; every other one refuses any command without a valid,
 * fresh, unused proof by a key it holds.
 */
export class CommandTrust {
  private keys: TrustedKeys | undefined;
  private jwks: Jwks | undefined;
  private readonly seen = new Map<string, number>();

  constructor(
    readonly required: boolean,
    carried?: CommandTrustState,
  ) {
    if (carried) {
      this.load(carried.jwks);
      for (const [jti, iat] of carried.seen) this.seen.set(jti, iat);
    }
  }

  /** True once the edge keys are known. */
  get loaded(): boolean {
    return this.keys !== undefined;
  }

  /** Sets the trusted edge keys (at start, from the worker's configuration). */
  load(jwks: Jwks): void {
    this.jwks = jwks;
    this.keys = trustedKeysFromJwks(jwks);
  }

  /**
   * Verifies the signed start: the edge's proof for exactly this proposal, pack and proposer, issued within the
   * proof's lifetime before the workflow was started (`startedAt`, the server's time, so a worker that picks the
   * start up late still judges it by when it arrived). Throws UNAUTHENTICATED.
   */
  checkStart(start: StartClaims, proof: unknown, startedAt: number): CommandClaims & { kid: string } {
    if (!this.keys) throw new DomainError(ErrorCode.unauthenticated, 'start refused: no edge keys are loaded');
    const { proposal, policyPack, policyPacks, actor, roles } = start;
    const input = { proposal, policyPack, ...(policyPacks ? { policyPacks } : {}), actor, ...(roles ? { roles } : {}) };
    const sys = (proposal as { systemId?: unknown } | null)?.systemId;
    return verifyCommandProof(
      proof,
      { cmd: START_COMMAND, sys: typeof sys === 'string' ? sys : '', sub: actor, input },
      { keys: this.keys, now: startedAt, seen: () => false },
    );
  }

  /**
   * Refuses a key rotation this lifecycle cannot take: one that predates signed commands (it verifies nothing, so
   * no key of its own can sign the rotation), or a key whose id is not its thumbprint. Throws.
   */
  checkRotation(keys: readonly { kid: string; x: string }[]): void {
    if (!this.required)
      throw new DomainError(ErrorCode.wrongStage, 'this lifecycle predates signed commands: it has no edge keys to rotate');
    const set = { keys: keys.map((k) => ({ kty: 'OKP' as const, crv: 'Ed25519' as const, kid: k.kid, x: k.x })) };
    let parsed: TrustedKeys;
    try {
      parsed = trustedKeysFromJwks(set);
    } catch (e) {
      throw new DomainError(ErrorCode.invalidInput, `the new keys are not Ed25519 public keys: ${(e as Error).message}`, [
        { path: 'keys', message: 'not an Ed25519 public key' },
      ]);
    }
    for (const [kid, x] of parsed) {
      if (jwkThumbprint(x) !== kid)
        throw new DomainError(ErrorCode.invalidInput, `key ${kid} is not the RFC 7638 thumbprint of its x`, [
          { path: 'keys', message: `kid ${kid} is not the thumbprint of its x` },
        ]);
    }
  }

  /** Trusts exactly the rotated set from now on (as recorded by its `lifecycle.command_keys_rotated` event). */
  rotate(keys: readonly { kid: string; x: string }[]): void {
    this.load({ keys: keys.map((k) => ({ kty: 'OKP', crv: 'Ed25519', kid: k.kid, x: k.x, use: 'sig', alg: 'EdDSA' })) });
  }

  /** Verifies a command's proof; undefined when this lifecycle predates signed commands. Throws UNAUTHENTICATED. */
  check(
    cmd: string,
    sys: string,
    input: unknown,
    proof: unknown,
    now: number,
  ): (CommandClaims & { kid: string }) | undefined {
    if (!this.required) return undefined;
    if (!this.keys)
      throw new DomainError(
        ErrorCode.unauthenticated,
        'command refused: the lifecycle has not loaded its edge keys yet; retry',
      );
    const sub = (input as { actor?: unknown } | null)?.actor;
    return verifyCommandProof(
      proof,
      { cmd, sys, sub: typeof sub === 'string' ? sub : '', input },
      {
        keys: this.keys,
        now,
        seen: (jti) => this.seen.has(jti),
      },
    );
  }

  /** Marks a proof as used, and forgets the ones too old to be accepted anyway. */
  use(claims: CommandClaims, now: number): void {
    this.seen.set(claims.jti, claims.iat);
    for (const [jti, iat] of this.seen) if (iat < now - COMMAND_MAX_AGE_MS * 2) this.seen.delete(jti);
  }

  /** The state to carry into the next run; undefined for a lifecycle without signed commands. */
  snapshot(): CommandTrustState | undefined {
    return this.required && this.jwks ? { jwks: this.jwks, seen: [...this.seen] } : undefined;
  }
}
