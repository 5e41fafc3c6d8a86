import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusOfCode } from '../../api/problem.ts';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { updateInputSchemas } from '../../domain/lifecycle/commands.ts';
import type { UpdateName } from '../../domain/lifecycle/commands.ts';
import { lifecycleUpdates, workflowIdOf } from '../../workflows/messages.ts';
import { hostileString } from '../unit/support/hostile-input.ts';
import { forgerKeys, testCommandKeys } from '../support/test-keys.ts';
import { loadEventSchemas } from './helpers/json-schemas.ts';
import { openLifecycleEnv, systemEvents, testProposal, waitForState, workflowTaskFailures } from './lifecycle-helpers.ts';
import type { LifecycleEnv } from './lifecycle-helpers.ts';

let env: LifecycleEnv;
const systems: string[] = [];

beforeAll(async () => {
  env = await openLifecycleEnv('hostile');
  // One system in review, one deployed: between them every command has a stage where it could be accepted.
  for (const deploy of [false, true]) {
    const p = testProposal('minimal', deploy ? 'hostile-deployed' : 'hostile-review');
    await env.gov.startLifecycle(p, { actor: 'pat' });
    await waitForState(env.gov, p.systemId, (s) => s.stage === 'in_review');
    if (deploy) {
      await env.gov.castVote(p.systemId, { actor: 'alice', vote: 'approve', rationale: 'Fine.' });
      await env.gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    }
    systems.push(p.systemId);
  }
});

afterAll(async () => {
  await env?.close();
});

const people = fc.constantFrom('alice', 'bob', 'carol', 'dave', 'chair-erin', 'adviser-frank', 'olga', 'pat', 'mallory', 'root-admin');
const id = fc.oneof({ arbitrary: people, weight: 4 }, hostileString.filter((s) => s.length < 300));
const text = fc.oneof({ arbitrary: fc.string({ minLength: 1, maxLength: 40 }), weight: 3 }, hostileString.filter((s) => s.length < 20_000));
const YEAR = 365.25 * 864e5;
const time = fc.oneof(
  fc.constantFrom('9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+010000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '1970-01-01T00:00:00Z', 'now'),
  fc.integer({ min: -2 * YEAR, max: 2 * YEAR }).map((offset) => new Date(Date.now() + offset).toISOString()),
  fc.integer({ min: -600_000, max: 600_000 }).map((offset) => new Date(Date.now() + offset).toISOString()),
  hostileString.filter((s) => s.length < 300),
);
const summary = (cutoff: string) => ({
  general: { modelName: 'm', modelVersion: '1', modalities: ['text'], size: '1B tokens', dataCutoff: cutoff },
  sources: { public: true, licensed: false, user: false, synthetic: false, webTopDomains: ['example.org'] },
  processing: { copyrightOptOutsHonoured: true, illegalContentRemoved: true },
});

const hostileKey = fc.record({
  kty: fc.constantFrom('OKP', 'RSA', ''),
  crv: fc.constantFrom('Ed25519', 'X25519'),
  x: fc.oneof(fc.constant(testCommandKeys.jwks().keys[0]!.x), hostileString.filter((s) => s.length < 100)),
  kid: fc.oneof(fc.constant(forgerKeys.signer.kid), id),
  d: fc.option(fc.constant('A'.repeat(43)), { nil: undefined }),
});

/** A command of each update with random valid and hostile fields. */
const command: fc.Arbitrary<{ name: UpdateName; input: Record<string, unknown> }> = fc.oneof(
  fc.record({ actor: id, vote: fc.constantFrom('approve', 'reject', 'request_changes', 'maybe'), rationale: text }).map((input) => ({ name: 'castVote' as const, input })),
  fc.record({ actor: id, conflict: text }).map((input) => ({ name: 'recuse' as const, input })),
  fc.record({ actor: id, changes: fc.record({ purpose: text }) }).map((input) => ({ name: 'amendProposal' as const, input })),
  fc.record({ actor: id, conditionId: id, evidence: text }).map((input) => ({ name: 'satisfyCondition' as const, input })),
  fc.record({ actor: id, environment: fc.constantFrom('prod', 'staging', 'PROD', ''), version: fc.constantFrom('1.0.0', '2.0.0'), deployer: fc.option(id, { nil: undefined }) })
    .map((input) => ({ name: 'recordDeployment' as const, input })),
  fc.record({ actor: id, severity: fc.constantFrom('minor', 'serious', 'death', 'widespread', 'bad'), description: text, affectedPeople: fc.oneof(fc.nat(1000), fc.constant(-1), fc.constant(1e12)), causalLinkAt: time })
    .map((input) => ({ name: 'reportIncident' as const, input })),
  fc.record({ actor: id, cutoff: fc.oneof(fc.constantFrom('2025-06-30', '9999-12-31', '2025-13-01'), text), changes: text })
    .map(({ cutoff, ...rest }) => ({ name: 'submitTransparencyReport' as const, input: { ...rest, trainingDataSummary: summary(cutoff) } })),
  fc.record({ actor: id, version: text, description: text }).map((input) => ({ name: 'requestModification' as const, input })),
  fc.record({ actor: id, reason: text }).map((input) => ({ name: 'retire' as const, input })),
  fc.record({ actor: id, note: fc.option(text, { nil: undefined }) }).map((input) => ({ name: 'retryStaffing' as const, input })),
  // The tests' own edge key (so an accepted rotation changes nothing), or hostile keys: private parts, other curves, junk.
  fc.record({ actor: id, keys: fc.oneof(fc.constant(testCommandKeys.jwks().keys), fc.array(hostileKey, { maxLength: 3 })), reason: text })
    .map((input) => ({ name: 'rotateCommandKeys' as const, input })),
);

const codes = new Set<string>(Object.values(ErrorCode));

/** A refusal as the edge would answer it: a 4xx with a stable code, and every bad-input refusal naming its fields. */
function expectClearRefusal(code: string, issues: readonly FieldIssue[], what: string): void {
  expect(codes.has(code), `${what}: unknown failure type ${code}`).toBe(true);
  const status = statusOfCode[code as ErrorCode];
  expect(status, `${what}: ${code}`).toBeGreaterThanOrEqual(400);
  expect(status, `${what}: ${code}`).toBeLessThan(500);
  if (code === ErrorCode.invalidInput) {
    expect(issues.length, `${what}: no field named`).toBeGreaterThan(0);
    for (const i of issues) expect(i.path, `${what}: ${i.message}`).not.toBe('(root)');
  }
}

describe('hostile commands through the real workflow', () => {
  it('never fail a workflow task, publish only schema-valid events, and are refused with a 4xx naming a field', async () => {
    const seen = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat(systems.length - 1), command, fc.boolean(), async (which, { name, input }, raw) => {
        const systemId = systems[which]!;
        const body = { ...input, ...(input.causalLinkAt === 'now' ? { causalLinkAt: new Date().toISOString() } : {}) };
        if (!raw) {
          // Through the governance client (as the API sends): it parses first, the workflow's validator decides.
          const send = env.gov[name] as (id: string, input: unknown) => Promise<unknown>;
          await send(systemId, body).then(
            () => void (seen.accepted += 1),
            (e: unknown) => {
              if (!(e instanceof DomainError)) throw e;
              seen.refused += 1;
              expectClearRefusal(e.code, e.issues, `${name} via client`);
            },
          );
          return;
        }
        // Straight to the workflow, as a client that reaches Temporal directly would: only its validator stands guard
        // (and, for lifecycles with signed commands, refuses every one of them for want of the edge's signature).
        const handle = env.client.workflow.getHandle(workflowIdOf(systemId));
        await handle.executeUpdate(lifecycleUpdates[name] as never, { args: [body] as never }).then(() => void (seen.accepted += 1), (e: unknown) => {
          seen.refused += 1;
          if (e instanceof WorkflowNotFoundError) return; // a retirement or rejection ended it: the client says WRONG_STAGE
          const cause = e instanceof WorkflowUpdateFailedError ? e.cause : e;
          if (!(cause instanceof ApplicationFailure)) throw e;
          const issues = (cause.details?.[0] ?? []) as FieldIssue[];
          expectClearRefusal(cause.type ?? '', Array.isArray(issues) ? issues : [], `${name} raw`);
        });
      }),
      {
        numRuns: 80,
        // Commands straight to the workflow carry no edge signature, so all of them are refused (UNAUTHENTICATED):
        // one command the owner may send through the client keeps the accepted side of the property from being empty.
        examples: [[1, { name: 'reportIncident', input: { actor: 'olga', severity: 'minor', description: 'A batch scored twice.', affectedPeople: 2, causalLinkAt: 'now' } }, false]],
      },
    );
    expect(Object.keys(updateInputSchemas)).toHaveLength(Object.keys(lifecycleUpdates).length);
    // Both outcomes happened: the property was not vacuous.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);

    const schemaErrors = await loadEventSchemas();
    for (const systemId of systems) {
      expect(await workflowTaskFailures(env.client, systemId)).toEqual([]);
      const { sequence } = await env.gov.getState(systemId).catch(() => ({ sequence: 0 }));
      const events = await systemEvents(env.topic, systemId, sequence);
      expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
      expect(events.length).toBeGreaterThanOrEqual(sequence);
      expect(events.flatMap(schemaErrors)).toEqual([]);
    }
  });
});
