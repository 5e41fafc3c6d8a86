import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackInForce, loadPackSelection } from '../../adapters/policy-files.ts';
import { createCommandSigner } from '../../client/command-signer.ts';
import { createGovernanceClient, workflowIdOf } from '../../client/governance-client.ts';
import type { GovernanceClient } from '../../client/governance-client.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { testCommandKeys } from '../support/test-keys.ts';
import { NO_ANSWERS } from '../unit/policy-fixtures.ts';
import { openLifecycleEnv, recordHistory, systemEvents, testProposal, waitForState, type LifecycleEnv } from './lifecycle-helpers.ts';

const policyDir = fileURLToPath(new URL('../../policies/', import.meta.url));
const selectionFile = fileURLToPath(new URL('../../examples/config/pack-selection.yaml', import.meta.url));

// The shipped packs under the example selection (EU -> EU AI Act, the rest -> the AI Governance Code), on the real
// Temporal server and Kafka broker: the screening gate before anything starts, the answers in system.proposed, and a
// system running under both regimes assessed under each.
describe('screening and several regimes, on the real stack', () => {
  let env: LifecycleEnv;
  let gov: GovernanceClient;

  beforeAll(async () => {
    env = await openLifecycleEnv('screening');
    gov = createGovernanceClient({
      client: env.client,
      taskQueue: env.taskQueue,
      packSelection: await loadPackSelection(selectionFile),
      checkPolicyPack: (name) => loadPackInForce(policyDir, name, true),
      commandSigner: createCommandSigner(testCommandKeys.signer),
    });
  });
  afterAll(async () => env?.close());

  const proposal = (edit: (p: ProposalInput) => void): ProposalInput => {
    const p = testProposal('minimal', 'screen');
    p.screening = { ...NO_ANSWERS };
    edit(p);
    return p;
  };

  it('refuses a proposal that leaves questions unanswered, naming each, and starts nothing', async () => {
    const p = proposal((x) => {
      x.jurisdictions = ['EU'];
      delete x.screening!['life-health-insurance'];
      delete x.screening!.deepfakes;
    });
    const e = await gov.startLifecycle(p, { actor: 'pat' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('INVALID_INPUT');
    expect((e as DomainError).issues.map((i) => i.path)).toEqual([
      'screening.life-health-insurance',
      'screening.deepfakes',
    ]);
    const described = await env.client.workflow
      .getHandle(workflowIdOf(p.systemId))
      .describe()
      .catch((x: unknown) => x);
    expect(described).toBeInstanceOf(Error);
  });

  it('a system in the EU and China is assessed under both; a euphemism raises it to high review, explained', async () => {
    const p = proposal((x) => {
      x.jurisdictions = ['EU', 'CN'];
      x.purpose = "Rate each resident's trustworthiness from their conduct to order benefit claims.";
    });
    const started = await gov.startLifecycle(p, { actor: 'pat' });
    expect(started.policyPacks).toEqual(['eu-ai-act', 'ai-governance-code-2026']);
    const state = await waitForState(gov, p.systemId, (s) => s.assessment !== null);
    const a = state.assessment!;
    expect(a.tier).toBe('high');
    expect(a.regimes?.map((r) => [r.policyVersion.split('@')[0], r.tier])).toEqual([
      ['eu-ai-act', 'high'],
      ['ai-governance-code-2026', 'high'],
    ]);
    expect(a.screening?.flags.map((f) => f.flagId)).toEqual(['social-scoring-in-text', 'social-scoring-in-text']);
    expect(a.screening?.flags[0]?.explanation).toContain('the proposer answered no to social-scoring');
    // The EU regime's duties carry the dates they apply from; exact shares decide the round (2/3 is "2/3", not 0.67).
    expect(a.obligations?.conditions.find((c) => c.id === 'conformity-assessment')?.appliesFrom).toBe('2027-12-02');
    const opened = state.review ?? null;
    expect(opened?.approvalFraction).toEqual({ numerator: 2, denominator: 3 });

    const events = await systemEvents(env.topic, p.systemId, 2);
    const proposed = events.find((e) => e.type === 'ai.governance.system.proposed.v1')!;
    const data = proposed.data as { proposal: ProposalInput; policyPacks?: string[] };
    expect(data.policyPacks).toEqual(['eu-ai-act', 'ai-governance-code-2026']);
    expect(data.proposal.screening).toEqual(p.screening);
    const assessed = events.find((e) => e.type === 'ai.governance.risk.assessed.v1')!;
    const recorded = (assessed.data as { assessment: { tier: string; assessedFor?: string } }).assessment;
    expect(recorded.tier).toBe('high');
    // The assessment states the day it assessed for, in the event and in the state the API serves.
    expect(recorded.assessedFor).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Math.abs(Date.parse(recorded.assessedFor!) - Date.parse(assessed.time.slice(0, 10)))).toBeLessThanOrEqual(86_400_000);
    expect(a.assessedFor).toBe(recorded.assessedFor);
    await recordHistory(env.client, p.systemId, 'two-regimes-assessed');
  });
});
