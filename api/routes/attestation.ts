import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Signer } from '../../adapters/signing-keys.ts';
import { issueAttestation } from '../../client/attestation.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { verifyChain } from '../../events/chain.ts';
import type { GovernanceEvent } from '../../events/envelope.ts';
import type { TrustedKeys } from '../../events/keyring.ts';
import type { AuthEnv } from '../auth.ts';
import { SystemParams } from '../../wire/schemas.ts';
import type { EventHistory } from './systems.ts';
import { errorResponses, jsonContent } from './openapi-helpers.ts';

const Dsse = z
  .object({
    payloadType: z.string(),
    payload: z.string(),
    signatures: z.array(z.object({ keyid: z.string(), sig: z.string() })),
  })
  .meta({
    id: 'DsseEnvelope',
    description: 'An in-toto Statement v1 (predicate urn:govflow:attestation:approval:v1) in a DSSE envelope',
  });

const AttestationQuery = z.object({
  artifactDigest: z
    .string()
    .regex(/^(sha256:)?[0-9a-f]{64}$/, 'sha256:<64 hex>')
    .optional()
    .describe('the digest of the artifact the deployment ships; the subject names it'),
});

const attestation = createRoute({
  method: 'get',
  path: '/v1/systems/{id}/attestation',
  tags: ['systems'],
  summary: "The system's approval attestation, signed by the engine, for deployment pipelines to verify offline",
  security: [{ bearer: [] }],
  request: { params: SystemParams, query: AttestationQuery },
  responses: {
    200: { description: 'the attestation', content: jsonContent(Dsse) },
    ...errorResponses(400, 401, 404, 409),
  },
});

/** What issuing needs: the engine's signing key and the keys its events are verified with. */
export interface AttestationDeps {
  readonly signer: Signer;
  readonly trusted: TrustedKeys;
}

/** Registers GET /v1/systems/{id}/attestation. */
export function registerAttestationRoute(
  app: OpenAPIHono<AuthEnv>,
  governance: GovernanceClient,
  history: EventHistory,
  deps: AttestationDeps,
): void {
  app.openapi(attestation, async (c) => {
    const { id } = c.req.valid('param');
    const { artifactDigest } = c.req.valid('query');
    const state = await governance.getState(id);
    const verdict = verifyChain(
      (await history(id)).filter((e) => e.subject === id),
      { keys: deps.trusted },
    );
    const events = (verdict.accepted as GovernanceEvent[])
      .filter((e) => e.sequence <= state.sequence)
      .sort((a, b) => a.sequence - b.sequence);
    const envelope = await issueAttestation(
      { state, events, now: Date.now(), ...(artifactDigest ? { artifactDigest } : {}) },
      deps.signer,
    );
    return c.json(envelope, 200);
  });
}
