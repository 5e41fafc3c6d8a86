import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackInForce, loadPackSelection } from '../../adapters/policy-files.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { createGovernanceClient } from '../../client/governance-client.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { testCommandKeys } from '../support/test-keys.ts';
import { NO_ANSWERS } from '../unit/policy-fixtures.ts';
import {
  acceptedUpdates, openLifecycleEnv, recordHistory, shortTypes, systemEvents, testProposal, waitForState, type LifecycleEnv,
} from './lifecycle-helpers.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
const selectionFile = fileURLToPath(new URL('../../examples/config/pack-selection.yaml', import.meta.url));

// The EU AI Act pack on the real Temporal server and Kafka broker: an Annex III system whose provider claims the
// Art. 6(3) derogation is approved as high-risk; a committee member accepts the claim; the lifecycle re-assesses itself
// and the tier falls to the pack's, with the high tier's duties gone from its approval and the Art. 6(4) one kept.
describe('an accepted Art. 6(3) derogation lowers the tier, on the real stack', () => {
  let env: LifecycleEnv;
  let gov: GovernanceClient;

  beforeAll(async () => {
    env = await openLifecycleEnv('derogation');
    gov = createGovernanceClient({
      client: env.client,
      taskQueue: env.taskQueue,
      packSelection: await loadPackSelection(selectionFile),
      checkPolicyPack: (name) => loadPackInForce(policyDir, name, true),
      commandSigner: createCommandSigner(testCommandKeys.signer),
    });
  });
  afterAll(async () => env?.close());

  const claimed = (profilesPeople: boolean): ProposalInput => {
    const p = testProposal('minimal', 'derogation');
    p.jurisdictions = ['EU'];
    p.screening = { ...NO_ANSWERS, 'public-benefits': true };
    p.derogationClaim = { ground: 'preparatory_task', justification: 'Sorts case files before a caseworker reads them.', profilesPeople };
    return p;
  };

  const approve = async (systemId: string): Promise<void> => {
    await waitForState(gov, systemId, (s) => s.review !== null);
    for (const m of ['jonas-berg', 'marta-silva', 'pieter-devries']) await gov.castVote(systemId, { actor: m, vote: 'approve', rationale: 'Reviewed as high-risk.' });
    await waitForState(gov, systemId, (s) => s.stage === 'approved');
  };

  const reason = 'The system only prepares the file for the caseworker who decides (Art. 6(3)(d)); assessment documented.';

  it('a committee member accepts the claim: derogation.accepted with who and why, the tier falls to limited, the high duties leave the approval', async () => {
    const p = claimed(false);
    await gov.startLifecycle(p, { actor: 'pat' });
    await approve(p.systemId);
    const before = await gov.getState(p.systemId);
    expect(before.tier).toBe('high');
    expect(before.conditions.map((c) => c.id)).toEqual(expect.arrayContaining(['conformity-assessment', 'art6-3-derogation-decision', 'art6-4-derogation-documented']));

    // The owner cannot accept the claim on their own system; nothing reaches the history.
    const refused = await gov.acceptDerogation(p.systemId, { actor: 'olga', reason }).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe('OWN_SYSTEM');

    const receipt = await gov.acceptDerogation(p.systemId, { actor: 'marta-silva', reason });
    expect(receipt.events).toEqual(['derogation.accepted']);
    const after = await gov.getState(p.systemId);
    expect(after.tier).toBe('limited');
    expect(after.assessment?.derogation?.status).toBe('accepted');
    expect(after.derogationAccepted).toEqual({ by: 'marta-silva', reason });
    const ids = after.conditions.map((c) => c.id);
    expect(ids).toContain('art6-4-derogation-documented');
    for (const gone of ['conformity-assessment', 'post-market-monitoring-report', 'art6-3-derogation-decision']) expect(ids).not.toContain(gone);

    const events = await systemEvents(env.topic, p.systemId, before.sequence + 1);
    const accepted = events.find((e) => e.type === 'ai.governance.derogation.accepted.v1')!;
    expect(accepted.data).toMatchObject({ acceptedBy: 'marta-silva', reason, tierFrom: 'high', tierTo: 'limited', ground: 'preparatory_task' });
    expect(shortTypes(events).at(-1)).toBe('derogation.accepted');
    expect((await acceptedUpdates(env.client, p.systemId)).filter((u) => u.name === 'acceptDerogation')).toEqual([{ name: 'acceptDerogation', actor: 'marta-silva' }]);

    // The documentation duty applies from 2027-12-02: a deployment before then is not held up by it, and lists it.
    await gov.recordDeployment(p.systemId, { actor: 'olga', environment: 'prod', version: '1.0.0' });
    const deployed = (await systemEvents(env.topic, p.systemId, before.sequence + 2)).at(-1)!;
    expect(deployed.type).toBe('ai.governance.system.deployed.v1');
    expect((deployed.data as { upcomingConditions?: unknown }).upcomingConditions).toEqual([{ conditionId: 'art6-4-derogation-documented', appliesFrom: '2027-12-02' }]);
    await recordHistory(env.client, p.systemId, 'derogation-accepted-deployed');
  });

  it('a system that profiles people is never derogated: the acceptance is refused before the history', async () => {
    const p = claimed(true);
    await gov.startLifecycle(p, { actor: 'pat' });
    await approve(p.systemId);
    const e = await gov.acceptDerogation(p.systemId, { actor: 'marta-silva', reason }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).message).toMatch(/profiles natural persons/);
    expect((await gov.getState(p.systemId)).tier).toBe('high');
    expect((await acceptedUpdates(env.client, p.systemId)).map((u) => u.name)).not.toContain('acceptDerogation');
  });
});
