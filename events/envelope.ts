import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { SystemId } from '../domain/proposal.ts';
import { computeEventHash } from './hash.ts';
import { TraceParent, TraceState, type TraceContext } from './trace-context.ts';

import { cloudEventType } from './ce-type.ts';

// The type names live in their own module, without imports, for the console's bundle; importers find them here too.
export { CE_TYPE_PREFIX, CE_TYPE_SUFFIX, cloudEventType, shortEventType } from './ce-type.ts';

/** Content type of a structured-mode CloudEvent on the wire (Kafka header `content-type`). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase SHA-256 hex digest');

const envelopeFields = {
  specversion: z.literal('1.0'),
  id: z.string().regex(/^[a-z0-9-]+:[1-9][0-9]*$/, '`<systemId>:<sequence>`'),
  source: z.string().regex(/^\/govflow\/.+$/, '`/govflow/<namespace>`'),
  type: z.string().regex(/^ai\.governance\.[a-z_]+\.[a-z_]+\.v[0-9]+$/, '`ai.governance.<entity>.<event>.v<n>`'),
  subject: SystemId,
  time: IsoInstant,
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
  sequence: z.number().int().min(1),
  prevhash: z.union([z.literal(''), Sha256Hex]),
  hash: Sha256Hex,
  policyversion: z.string().min(1),
  partitionkey: SystemId,
  actor: z.string().min(1).optional(),
  /**
   * The signed command that caused the event, as the API sent it: a compact JWS (EdDSA) naming who decided (`sub`),
   * the command and its input digest, when (`iat`), and by its `kid` the edge that authenticated the person.
   */
  commandjws: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/, 'a compact JWS').optional(),
  /** Ed25519 signature (base64url) by the publisher over `govflow-event-v1.<sigkid>.<hash>`; outside the hash. */
  sig: z
    .string()
    .regex(/^[A-Za-z0-9_-]{86}$/, 'a base64url Ed25519 signature')
    .optional(),
  /** The id (RFC 7638 thumbprint) of the key that made `sig`, as listed in the engine's JWKS. */
  sigkid: z.string().min(1).max(128).optional(),
  /**
   * CloudEvents distributed-tracing extension: the W3C trace context of the request that caused the event, so a
   * consumer can continue its trace. Outside the hash and the signature (see events/hash.ts).
   */
  traceparent: TraceParent.optional(),
  tracestate: TraceState.optional(),
};
/** The envelope's known fields as a type (without the index signature of unknown extensions). */
export type EnvelopeFields = z.output<z.ZodObject<typeof envelopeFields>>;

/**
 * The envelope's fields, without the cross-field rules: the catalogue extends it per event type.
 * Loose, because CloudEvents allows extensions we do not know yet, and the hash covers them too.
 */
export const envelopeShape = z.looseObject(envelopeFields);

/** Rules across fields that the shape alone cannot say; shared by the generic and the typed envelopes. */
export function checkEnvelopeConsistency(
  e: { id: string; subject: string; sequence: number; prevhash: string; partitionkey: string },
  ctx: z.RefinementCtx,
): void {
  if (e.id !== `${e.subject}:${e.sequence}`) {
    ctx.addIssue({ code: 'custom', path: ['id'], message: 'id must be `<subject>:<sequence>`' });
  }
  if (e.partitionkey !== e.subject) {
    ctx.addIssue({ code: 'custom', path: ['partitionkey'], message: 'partitionkey must equal subject' });
  }
  if ((e.sequence === 1) !== (e.prevhash === '')) {
    ctx.addIssue({ code: 'custom', path: ['prevhash'], message: "prevhash is '' exactly for sequence 1" });
  }
}

/** A governance event on the wire: CloudEvents 1.0, structured JSON mode, with the audit-chain extensions. */
export const GovernanceEvent = envelopeShape.superRefine(checkEnvelopeConsistency);
export type GovernanceEvent = z.infer<typeof GovernanceEvent>;

/** What sealEvent needs: a domain event (`{ type, data }` with the short type name) and its place in the chain. */
export interface SealInput {
  readonly event: { readonly type: string; readonly data: unknown };
  readonly systemId: string;
  readonly sequence: number;
  readonly prevHash: string | null;
  readonly namespace: string;
  readonly policyVersion: string;
  /** ISO 8601 instant, taken from the workflow clock by the caller. */
  readonly time: string;
  readonly actor?: string;
  /** The signed command behind the event (compact JWS), when there is one. */
  readonly commandJws?: string;
  /** The trace context of the request behind the event, when it carried one. */
  readonly trace?: TraceContext;
}

/**
 * Wraps a domain event in its envelope and seals it into the chain. Pure and deterministic (no clock, no I/O),
 * so the workflow can call it and get the same hash on every replay.
 */
export function sealEvent(input: SealInput): GovernanceEvent {
  const unsealed = {
    specversion: '1.0' as const,
    id: `${input.systemId}:${input.sequence}`,
    source: `/govflow/${input.namespace}`,
    type: cloudEventType(input.event.type),
    subject: input.systemId,
    time: input.time,
    datacontenttype: 'application/json' as const,
    data: input.event.data,
    sequence: input.sequence,
    prevhash: input.prevHash ?? '',
    policyversion: input.policyVersion,
    partitionkey: input.systemId,
    ...(input.actor === undefined ? {} : { actor: input.actor }),
    ...(input.commandJws === undefined ? {} : { commandjws: input.commandJws }),
  };
  return { ...unsealed, hash: computeEventHash(unsealed), ...input.trace };
}
