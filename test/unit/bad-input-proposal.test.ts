import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DomainError, parseOrThrow } from '../../domain/errors.ts';
import { StartLifecycle, updateInputSchemas, type UpdateName } from '../../domain/lifecycle/commands.ts';
import { PackSelection } from '../../domain/pack-selection.ts';
import { parseProposal, type Proposal } from '../../domain/proposal.ts';
import { verifyChain } from '../../events/chain.ts';
import { sealEvent } from '../../events/envelope.ts';
import { EXAMPLES_DIR, trainingDataSummary } from './policy-fixtures.ts';
import { testCommandKeys } from '../support/test-keys.ts';
import {
  INJECTION_STRINGS,
  UNICODE_EDGES,
  hostileString,
  longString,
  mutate,
  mutationOf,
  pathText,
  related,
  thrown,
} from './support/hostile-input.ts';

const examples = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => [f, parse(readFileSync(`${EXAMPLES_DIR}/${f}`, 'utf8')) as Record<string, unknown>] as const);
const credit = examples.find(([f]) => f === 'credit-scoring.yaml')![1];

/** Asserts a refusal is INVALID_INPUT naming fields on the way to what was touched, and says where in its message. */
function expectNamedRefusal(err: unknown, touched: readonly string[]): DomainError {
  expect(err).toBeInstanceOf(DomainError);
  const e = err as DomainError;
  expect(e.code).toBe('INVALID_INPUT');
  expect(e.issues.length).toBeGreaterThan(0);
  for (const issue of e.issues) {
    expect(
      touched.some((t) => related(issue.path, t)),
      `${issue.path} is not on the way to ${touched.join(', ')}`,
    ).toBe(true);
    expect(e.message).toContain(issue.path);
  }
  return e;
}

/** The proposal sealed into an event, sent as UTF-8 JSON (as Temporal and Kafka carry it) and read back. */
function overTheWire(proposal: Proposal) {
  const event = sealEvent({
    event: { type: 'system.proposed', data: { proposal, policyPack: 'test', actor: proposal.proposer } },
    systemId: proposal.systemId,
    sequence: 1,
    prevHash: null,
    namespace: 'default',
    policyVersion: 'test@1.0.0+000000000000',
    time: '2026-06-01T12:00:00.000Z',
    actor: proposal.proposer,
  });
  return JSON.parse(Buffer.from(JSON.stringify(event), 'utf8').toString('utf8')) as typeof event & {
    data: { proposal: Record<string, unknown> };
  };
}

const numRuns = 300;
/** A proposal being edited by hand into shapes its type forbids. */
type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// `constructor` and `prototype` are lowercase words, so they are fine ids; every other injection string is not.
const badIds = INJECTION_STRINGS.filter((s) => !/^[a-z]+$/.test(s));

describe('proposals under arbitrary mutation', () => {
  it.each(examples)(
    '%s either parses and round-trips, or is refused as INVALID_INPUT naming the touched fields',
    (_f, example) => {
      fc.assert(
        fc.property(fc.array(mutationOf(example), { minLength: 1, maxLength: 3 }), (mutations) => {
          const { value, touched } = mutate(example, mutations);
          let parsed: Proposal | undefined;
          const err = thrown(() => (parsed = parseProposal(value)));
          if (err !== undefined) return void expectNamedRefusal(err, touched.map(pathText));
          // Accepted input is data, never code: it parses to itself again and survives the wire with a valid hash.
          const again = JSON.parse(JSON.stringify(parsed)) as unknown;
          expect(parseProposal(again)).toEqual(again);
          const wire = overTheWire(parsed!);
          expect(wire.data.proposal).toEqual(again);
          expect(verifyChain([wire], { keys: null }).ok).toBe(true);
        }),
        { numRuns },
      );
    },
  );

  it('refuses a whole proposal of the wrong type at the root', () => {
    for (const v of [null, 'proposal', 42, true, [credit], JSON.parse('{"__proto__": {"polluted": true}}')]) {
      expectNamedRefusal(
        thrown(() => parseProposal(v)),
        ['(root)'],
      );
    }
  });
});

describe('identifier and enum fields', () => {
  const fields: [string, (p: Loose, v: string) => void][] = [
    ['systemId', (p, v) => (p.systemId = v)],
    ['proposer', (p, v) => (p.proposer = v)],
    ['owner', (p, v) => (p.owner = v)],
    ['sector', (p, v) => (p.sector = v)],
    ['model.type', (p, v) => (p.model.type = v)],
    ['oversight.autonomy', (p, v) => (p.oversight.autonomy = v)],
    ['oversight.canStop[0]', (p, v) => (p.oversight.canStop = [v])],
    ['practices[0]', (p, v) => (p.practices = [v])],
  ];

  it.each(fields)('refuse every injection string and unicode edge in %s, naming exactly that field', (path, set) => {
    for (const bad of [...badIds, ...UNICODE_EDGES, 'alice\n', ' alice', 'retail-credit-scoring\u0000']) {
      const p = structuredClone(credit);
      set(p, bad);
      const e = expectNamedRefusal(
        thrown(() => parseProposal(p)),
        [path],
      );
      expect(e.issues.map((i) => i.path)).toEqual([path]);
    }
  });

  it('refuse random hostile strings that are not valid ids, naming the field and never echoing a long value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), hostileString, ([path, set], bad) => {
        const p = structuredClone(credit);
        set(p, bad);
        const err = thrown(() => parseProposal(p));
        if (err === undefined) return; // a hostile string can still be a valid id by chance
        const e = expectNamedRefusal(err, [path]);
        if (bad.length > 300) expect(e.message.length).toBeLessThan(1000);
      }),
      { numRuns },
    );
  });
});

describe('free-text fields', () => {
  const textFields = ['name', 'purpose', 'deploymentContext', 'ownerTeam'] as const;

  it.each(textFields)('keep injection strings in %s verbatim, as data', (field) => {
    for (const s of INJECTION_STRINGS) {
      const parsed = parseProposal({ ...credit, [field]: `Plain words ${s}` });
      expect(parsed[field]).toBe(`Plain words ${s}`);
      expect(overTheWire(parsed).data.proposal[field]).toBe(`Plain words ${s}`);
    }
  });

  it.each(textFields)(
    'refuse text in %s that is not well-formed Unicode (a lone surrogate) rather than break the audit hash',
    (field) => {
      for (const s of ['\uD800', 'ok \uDC00 ok', 'ends high \uDBFF']) {
        const e = expectNamedRefusal(
          thrown(() => parseProposal({ ...credit, [field]: s })),
          [field],
        );
        expect(e.issues.map((i) => i.path)).toEqual([field]);
      }
    },
  );

  it('refuse oversized text anywhere in the proposal, naming the field without echoing it', () => {
    const paths = ['name', 'purpose', 'affected.description', 'evidence.bias.metrics[0]', 'contacts[0]'];
    fc.assert(
      fc.property(fc.constantFrom(...paths), longString, (path, big) => {
        const p = structuredClone(credit) as Loose;
        const [head, ...rest] = path.replace(/\[(\d+)\]/g, '.$1').split('.');
        let node = p;
        for (const seg of [head!, ...rest].slice(0, -1)) node = node[seg];
        node[[head!, ...rest].at(-1)!] = big;
        const e = expectNamedRefusal(
          thrown(() => parseProposal(p)),
          [path],
        );
        expect(e.issues.map((i) => i.path)).toEqual([path]);
        expect(e.message.length).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });
});

describe('starting a lifecycle', () => {
  const start = { proposal: credit, actor: 'mei-lin' };

  it('either parses the start command or refuses it as INVALID_INPUT naming the touched fields', () => {
    fc.assert(
      fc.property(fc.array(mutationOf(start), { minLength: 1, maxLength: 3 }), (mutations) => {
        const { value, touched } = mutate(start, mutations);
        const err = thrown(() => parseOrThrow(StartLifecycle, value, 'proposal'));
        if (err !== undefined) expectNamedRefusal(err, touched.map(pathText));
      }),
      { numRuns },
    );
  });

  it('refuses a start that names a policy pack: the configuration chooses it', () => {
    const e = thrown(() => parseOrThrow(StartLifecycle, { ...start, policyPack: 'test' }, 'proposal')) as DomainError;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('policyPack');
  });

  it('refuses a pack selection naming a pack that is an injection or a path', () => {
    for (const pack of [...badIds, '../test', 'test/../../etc', 'TEST', 'test\u0000']) {
      const e = expectNamedRefusal(
        thrown(() => parseOrThrow(PackSelection, { default: pack, rules: [{ sectors: ['finance'], pack }] }, 'selection')),
        ['default', 'rules[0].pack'],
      );
      expect(e.issues.map((i) => i.path)).toEqual(['default', 'rules[0].pack']);
    }
  });
});

const schemaOf = (name: string) => updateInputSchemas[name as UpdateName] as z.ZodType<object>;

const validUpdates: { [N in UpdateName]: Record<string, unknown> } = {
  castVote: { actor: 'alice', vote: 'approve', rationale: 'Read the assessment.' },
  recuse: { actor: 'dave', conflict: 'I advised the lending team.' },
  amendProposal: { actor: 'mei-lin', changes: { purpose: 'A narrower purpose.', practices: ['credit_scoring'] } },
  satisfyCondition: { actor: 'rahul-k', conditionId: 'bias-audit', evidence: 'Audit report 42.' },
  recordDeployment: { actor: 'rahul-k', environment: 'prod', version: '3.2.0' },
  reportIncident: {
    actor: 'rahul-k',
    severity: 'serious',
    description: 'Wrong declines.',
    affectedPeople: 12,
    causalLinkAt: '2026-06-01T10:00:00Z',
  },
  submitTransparencyReport: { actor: 'rahul-k', trainingDataSummary: trainingDataSummary(), changes: 'None.' },
  requestModification: {
    actor: 'mei-lin',
    version: '4.0.0',
    description: 'New model.',
    changes: { model: { type: 'classifier', largeScale: false } },
  },
  retire: { actor: 'rahul-k', reason: 'Replaced.' },
  retryStaffing: { actor: 'root-admin', note: 'The roster now has seven members.' },
  rotateCommandKeys: { actor: 'root-admin', keys: testCommandKeys.jwks().keys, reason: 'The API key rolls over.' },
  recordDecisionViolation: {
    actor: 'svc-decision-checker',
    kind: 'unapproved_version',
    decisionId: 'd-1',
    modelVersion: '9.9.9',
    decidedAt: '2026-06-01T10:00:00Z',
    period: '2026-06',
    peopleAffected: 1,
    declaredScale: 1000,
  },
  recordOversightReview: {
    actor: 'svc-decision-checker',
    period: '2026-06',
    figures: {
      decisions: 40, reviewed: 40, overridden: 8, reviewedShare: 1, overrideRate: 0.2,
      previousOverrideRate: null, trend: 'first_period', peopleAffected: 40,
    },
    breaches: [{ rule: 'override_rate', limit: 0.15, actual: 0.2 }],
  },
  applyPolicyVersion: { actor: 'root-admin', pack: 'eu-ai-act', version: '1.1.0' },
  acceptDerogation: { actor: 'alice', reason: 'It only sorts files before a caseworker reads them (Art. 6(3)(d)).' },
};

describe('update inputs', () => {
  it.each(Object.entries(validUpdates))('%s parses its valid example', (name, input) => {
    const schema = schemaOf(name);
    const parsed = parseOrThrow(schema, input, name);
    expect(parseOrThrow(schema, JSON.parse(JSON.stringify(parsed)), name)).toEqual(parsed);
  });

  it.each(Object.entries(validUpdates))(
    '%s either parses or is refused as INVALID_INPUT naming the touched fields',
    (name, input) => {
      const schema = schemaOf(name);
      fc.assert(
        fc.property(fc.array(mutationOf(input), { minLength: 1, maxLength: 2 }), (mutations) => {
          const { value, touched } = mutate(input, mutations);
          const err = thrown(() => parseOrThrow(schema, value, name));
          if (err !== undefined) expectNamedRefusal(err, touched.map(pathText));
        }),
        { numRuns: 150 },
      );
    },
  );

  // A lone surrogate has no UTF-8 form: sealing an event holding one would throw inside the workflow.
  it.each(['\uD800', 'why \uDC00'])(
    'refuses a vote rationale that is not well-formed Unicode (%j), naming the field',
    (rationale) => {
      const e = expectNamedRefusal(
        thrown(() => parseOrThrow(updateInputSchemas.castVote, { ...validUpdates.castVote, rationale }, 'vote')),
        ['rationale'],
      );
      expect(e.issues.map((i) => i.path)).toEqual(['rationale']);
    },
  );

  it('refuses an actor that is an injection string, whatever the update', () => {
    for (const [name, input] of Object.entries(validUpdates)) {
      for (const actor of badIds) {
        const e = expectNamedRefusal(
          thrown(() => parseOrThrow(schemaOf(name), { ...input, actor }, name)),
          ['actor'],
        );
        expect(e.issues.map((i) => i.path)).toEqual(['actor']);
      }
    }
  });
});

afterAll(() => {
  // Hostile `__proto__` and `constructor` keys went through every schema above; none may have reached a prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
