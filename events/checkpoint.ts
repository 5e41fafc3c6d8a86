import { z } from 'zod';
import { fromBase64url } from './base64url.ts';
import { verifyEd25519 } from './event-signature.ts';
import type { TrustedKeys } from './keyring.ts';

/** The CloudEvents type of a signed checkpoint (on the checkpoint topic, outside the chain it vouches for). */
export const CHECKPOINT_TYPE = 'ai.governance.audit.checkpoint.v1';

/**
 * The events after which the publisher checkpoints a system's head: the ones that change its stage. A verifier
 * with no access to Temporal then detects a truncated topic up to the last checkpoint.
 */
export const CHECKPOINTED_EVENTS: ReadonlySet<string> = new Set(
  [
    'system.proposed',
    'risk.assessed',
    'review.opened',
    'review.changes_requested',
    'system.amended',
    'system.approved',
    'system.rejected',
    'system.deployed',
    'review.re_review_due',
    'system.suspended',
    'system.reinstated',
    'system.modification_requested',
    'system.retired',
  ].map((t) => `ai.governance.${t}.v1`),
);

/** A signed statement of the engine: the chain of `subject` had reached `sequence` with `headhash` at `time`. */
export const Checkpoint = z.object({
  specversion: z.literal('1.0'),
  id: z.string(),
  source: z.string(),
  type: z.literal(CHECKPOINT_TYPE),
  subject: z.string(),
  time: z.string(),
  datacontenttype: z.literal('application/json'),
  data: z.object({ sequence: z.number().int().min(1), headhash: z.string().regex(/^[0-9a-f]{64}$/) }),
  sigkid: z.string(),
  sig: z.string(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/** The bytes a checkpoint signature covers: `govflow-checkpoint-v1.<sigkid>.<subject>.<sequence>.<headhash>.<time>`. */
export function checkpointSigningInput(c: {
  sigkid: string;
  subject: string;
  time: string;
  data: { sequence: number; headhash: string };
}): Uint8Array {
  return new TextEncoder().encode(
    `govflow-checkpoint-v1.${c.sigkid}.${c.subject}.${c.data.sequence}.${c.data.headhash}.${c.time}`,
  );
}

/** True when a checkpoint is signed by a trusted key. */
export function checkpointIsSigned(c: Checkpoint, keys: TrustedKeys): boolean {
  const key = keys.get(c.sigkid);
  const sig = fromBase64url(c.sig);
  return !!key && !!sig && sig.length === 64 && verifyEd25519(sig, checkpointSigningInput(c), key);
}
