import { verifyCommandProof, COMMAND_MAX_AGE_MS, type CommandClaims } from '../events/command-proof.ts';
import { trustedKeysFromJwks, type Jwks, type TrustedKeys } from '../events/keyring.ts';
import { DomainError, ErrorCode } from '../domain/errors.ts';

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
