import { describe, expect, it } from 'vitest';
import { Condition, conditionPaths, evaluate, readPath } from '../../domain/conditions.ts';

const subject = {
  sector: 'finance',
  users: 1500,
  flags: { on: true, off: false, empty: '' },
  tags: ['a', 'b'],
  none: [],
  nothing: null,
};

describe('conditions over proposal fields', () => {
  it.each<[string, Condition, boolean]>([
    ['eq on a string', { path: 'sector', eq: 'finance' }, true],
    ['eq mismatch', { path: 'sector', eq: 'health' }, false],
    ['eq on an array matches any element', { path: 'tags', eq: 'b' }, true],
    ['in', { path: 'sector', in: ['x', 'finance'] }, true],
    ['in on an array matches any element', { path: 'tags', in: ['z', 'a'] }, true],
    ['in on an empty array', { path: 'none', in: ['a'] }, false],
    ['gte', { path: 'users', gte: 1500 }, true],
    ['gte below', { path: 'users', gte: 1501 }, false],
    ['gte on a non-number', { path: 'sector', gte: 0 }, false],
    ['lte', { path: 'users', lte: 1500 }, true],
    ['lte on a missing field', { path: 'absent', lte: 10 }, false],
    ['exists', { path: 'flags.on', exists: true }, true],
    ['exists on null', { path: 'nothing', exists: true }, false],
    ['missing on an absent path', { path: 'flags.deep.er', missing: true }, true],
    ['missing on a present field', { path: 'flags.off', missing: true }, false],
    ['truthy true', { path: 'flags.on', truthy: true }, true],
    ['truthy false on false', { path: 'flags.off', truthy: false }, true],
    ['truthy false on an absent field', { path: 'absent.x', truthy: false }, true],
    ['truthy false on an empty string', { path: 'flags.empty', truthy: false }, true],
    ['truthy false on an empty array', { path: 'none', truthy: false }, true],
    ['truthy true on a non-empty array', { path: 'tags', truthy: true }, true],
    [
      'all',
      {
        all: [
          { path: 'sector', eq: 'finance' },
          { path: 'users', gte: 1 },
        ],
      },
      true,
    ],
    [
      'all with one false',
      {
        all: [
          { path: 'sector', eq: 'finance' },
          { path: 'users', gte: 1e6 },
        ],
      },
      false,
    ],
    [
      'any',
      {
        any: [
          { path: 'sector', eq: 'x' },
          { path: 'users', gte: 1 },
        ],
      },
      true,
    ],
    ['not', { not: { path: 'sector', eq: 'finance' } }, false],
  ])('%s', (_name, cond, expected) => {
    expect(Condition.parse(cond)).toEqual(cond);
    expect(evaluate(cond, subject)).toBe(expected);
  });

  it.each([
    ['an unknown operator', { path: 'sector', like: 'fin' }],
    ['two operators at once', { path: 'sector', eq: 'finance', gte: 1 }],
    ['a path with code in it', { path: 'sector; drop', eq: 1 }],
    ['an empty all', { all: [] }],
    ['exists: false', { path: 'x', exists: false }],
  ])('refuses %s', (_name, cond) => {
    expect(Condition.safeParse(cond).success).toBe(false);
  });

  it('does not read inherited properties', () => {
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: [1] }, 'a.length')).toBeUndefined();
  });

  it('lists every path a nested condition reads', () => {
    const cond: Condition = { all: [{ path: 'a', eq: 1 }, { not: { any: [{ path: 'b.c', exists: true }] } }] };
    expect(conditionPaths(cond)).toEqual(['a', 'b.c']);
  });
});
