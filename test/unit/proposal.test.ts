import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../domain/errors.ts';
import { Proposal, parseProposal } from '../../domain/proposal.ts';
import type { ProposalInput } from '../../domain/proposal.ts';
import { cleanProposalInput } from './policy-fixtures.ts';

type Node = {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, Node>;
  items?: Node;
  anyOf?: Node[];
};

/** Every string and array in the schema, by path, with its bound (or undefined when unbounded). */
function bounds(node: Node, path: string, out: [string, number | undefined][]): void {
  // A pattern with bounded quantifiers only (the system id's) bounds the length as surely as maxLength does.
  const boundedPattern = node.pattern !== undefined && !/[*+]|\{\d+,\}/.test(node.pattern);
  if (node.type === 'string' && !node.enum)
    out.push([path, node.maxLength ?? (node.format === 'date' || boundedPattern ? Infinity : undefined)]);
  if (node.type === 'array') out.push([path, node.maxItems]);
  for (const b of node.anyOf ?? []) bounds(b, path, out);
  if (node.items) bounds(node.items, `${path}[]`, out);
  for (const [k, v] of Object.entries(node.properties ?? {})) bounds(v, path ? `${path}.${k}` : k, out);
}

const edited = (edit: (p: ProposalInput) => void): ProposalInput => {
  const p = cleanProposalInput();
  edit(p);
  return p;
};

describe('the proposal schema', () => {
  it('bounds every string and every array, so oversized input is refused', () => {
    const found: [string, number | undefined][] = [];
    bounds(z.toJSONSchema(Proposal, { io: 'input' }) as Node, '', found);
    expect(found.length).toBeGreaterThan(30);
    expect(found.filter(([, max]) => max === undefined).map(([p]) => p)).toEqual([]);
  });

  it.each<[string, ProposalInput, string]>([
    ['an oversized name', edited((p) => (p.name = 'x'.repeat(201))), 'name'],
    [
      'too many people who can stop it',
      edited((p) => (p.oversight.canStop = Array.from({ length: 51 }, (_, i) => `u${i}`))),
      'oversight.canStop',
    ],
    ['an uppercase system id', edited((p) => (p.systemId = 'Clean-System')), 'systemId'],
    ['a two-letter system id', edited((p) => (p.systemId = 'ab')), 'systemId'],
    ['a system id ending in a hyphen', edited((p) => (p.systemId = 'abc-')), 'systemId'],
    ['fractional users', edited((p) => (p.affected.monthlyUsers = 1.5)), 'affected.monthlyUsers'],
    ['an unknown evidence key', edited((p) => Object.assign(p.evidence!, { vibes: true })), 'evidence.vibes'],
    ['an unknown data category', edited((p) => (p.dataCategories = ['genetic' as never])), 'dataCategories[0]'],
    ['a blank purpose', edited((p) => (p.purpose = '   ')), 'purpose'],
    ['a proposer id with spaces', edited((p) => (p.proposer = 'pat smith')), 'proposer'],
  ])('refuses %s, naming the field', (_name, input, path) => {
    let err: unknown;
    try {
      parseProposal(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('INVALID_INPUT');
    expect((err as DomainError).issues.map((i) => i.path)).toEqual([path]);
  });

  it('fills in empty practices, data categories and evidence', () => {
    const input = cleanProposalInput();
    delete input.practices;
    delete input.dataCategories;
    delete input.evidence;
    expect(parseProposal(input)).toMatchObject({ practices: [], dataCategories: [], evidence: {} });
  });
});
