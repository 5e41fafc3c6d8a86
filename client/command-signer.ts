import { randomUUID } from 'node:crypto';
import type { Signer } from '../adapters/signing-keys.ts';
import { toBase64url } from '../events/base64url.ts';
import { commandSigningInput, inputDigest } from '../events/command-proof.ts';

/** Signs commands as the edge that authenticated the person: one compact JWS (EdDSA) per command. */
export interface CommandSigner {
  sign(command: { cmd: string; sys: string; sub: string; input: unknown }): Promise<string>;
}

/** A command signer over a key (a key file here, a KMS key elsewhere); the clock and nonces are its own. */
export function createCommandSigner(signer: Signer, now: () => number = Date.now): CommandSigner {
  return {
    async sign({ cmd, sys, sub, input }) {
      const claims = { sub, sys, cmd, dig: inputDigest(input), iat: now(), jti: randomUUID() };
      const signingInput = commandSigningInput(signer.kid, claims);
      const sig = await signer.sign(new TextEncoder().encode(signingInput));
      return `${signingInput}.${toBase64url(sig)}`;
    },
  };
}
