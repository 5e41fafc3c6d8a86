import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPosition } from '../../../consumer/read-side/position.ts';
import { mayRead, readScopeOf, relatedPeople, seesAll } from '../../../domain/authorization.ts';
import type { Role } from '../../../domain/identity.ts';
import { initialState, type LifecycleState } from '../../../domain/lifecycle/state.ts';
import { relationshipOf } from '../../../domain/relationship.ts';

describe('where the read side resumes in a partition', () => {
  it.each([
    ['the first record of an empty read side', 0, undefined, 0, { verdict: 'apply' }],
    ['the next record', 8, 7, 0, { verdict: 'apply' }],
    ['a record applied before', 5, 7, 0, { verdict: 'applied' }],
    ['the last record applied, read again', 7, 7, 0, { verdict: 'applied' }],
    ['a record past the next: seek back', 12, 7, 0, { verdict: 'ahead', from: 8 }],
    ['an emptied read side meeting a later record', 500, undefined, 0, { verdict: 'ahead', from: 0 }],
    ['the first record kept when retention removed the next', 40, 7, 40, { verdict: 'apply' }],
    ['a record before the first kept one', 30, undefined, 40, { verdict: 'applied' }],
  ] as const)('%s', (_what, offset, last, firstKept, expected) => {
    expect(checkPosition(offset, last, firstKept)).toEqual(expected);
  });
});

const people = ['pat', 'olga', 'alice', 'bob', 'zed'] as const;
const roles: Role[] = ['proposer', 'committee_member', 'chair', 'deployer', 'auditor', 'admin'];

/** A state whose proposer, owner and committee seats are drawn from `people`. */
const stateArb = fc
  .record({
    proposer: fc.constantFrom(...people),
    owner: fc.constantFrom(...people),
    committee: fc.subarray([...people]),
    inRound: fc.option(fc.subarray([...people]), { nil: undefined }),
  })
  .map(({ proposer, owner, committee, inRound }): LifecycleState => {
    const seat = (id: string) => ({ id, roles: ['member' as const] });
    const base = initialState('some-system');
    return {
      ...base,
      proposal: { proposer, owner } as LifecycleState['proposal'],
      committee: committee.map(seat),
      review: inRound ? ({ members: inRound.map(seat) } as unknown as LifecycleState['review']) : null,
    };
  });

describe('the read scope the read side queries', () => {
  it('names exactly the people whose relationship lets them read the system', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        for (const p of people) {
          const rel = relationshipOf(p, s);
          expect(relatedPeople(s).includes(p)).toBe(rel.proposer || rel.owner || rel.committee);
        }
      }),
    );
  });

  it('gives every token what the relationship rule gives it: auditors and admins all, no roles none, else the related', () => {
    fc.assert(
      fc.property(stateArb, fc.constantFrom(...people), fc.option(fc.subarray(roles), { nil: undefined }), (s, sub, held) => {
        const actor = { sub, ...(held ? { roles: held } : {}) };
        const scope = readScopeOf(actor);
        const bySql = scope.kind === 'all' || (scope.kind === 'related' && relatedPeople(s).includes(scope.sub));
        const rel = relationshipOf(sub, s);
        const rule = seesAll(actor) || (held?.length !== 0 && (rel.proposer || rel.owner || rel.committee));
        expect(bySql).toBe(rule);
        expect(mayRead(actor, s)).toBe(rule);
      }),
    );
  });
});
