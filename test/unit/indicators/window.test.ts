import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.ts';
import { resolveWindow } from '../../../domain/indicators/window.ts';

const now = Date.parse('2026-12-02T10:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

describe('indicator windows', () => {
  it.each([
    ['2026', '2026-01-01', '2027-01-01'],
    ['2026-H1', '2026-01-01', '2026-07-01'],
    ['2026-H2', '2026-07-01', '2027-01-01'],
    ['2026-Q3', '2026-07-01', '2026-10-01'],
    ['2026-Q4', '2026-10-01', '2027-01-01'],
    ['2026-11', '2026-11-01', '2026-12-01'],
    ['2026-12', '2026-12-01', '2027-01-01'],
  ])('period %s is [%s, %s) in UTC', (period, from, to) => {
    const w = resolveWindow({ period, asOf: '2030-01-01' }, now);
    expect([iso(w.from), iso(w.to)]).toEqual([`${from}T00:00:00.000Z`, `${to}T00:00:00.000Z`]);
    expect(w.at).toBe(w.to);
    expect(w.label).toBe(period);
  });

  it('judges "as of" the given instant inside the period, and now when none is given', () => {
    expect(iso(resolveWindow({ period: '2026-H2', asOf: '2026-09-01T12:00:00Z' }, now).at)).toBe('2026-09-01T12:00:00.000Z');
    expect(resolveWindow({ period: '2026-H2' }, now).at).toBe(now);
  });

  it('takes from/to as dates or instants, and defaults to the half-year of "as of"', () => {
    const w = resolveWindow({ from: '2026-03-01', to: '2026-04-01T00:00:00+02:00' }, now);
    expect([iso(w.from), iso(w.to)]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(resolveWindow({}, now).label).toBe('2026-H2');
  });

  it.each<[string, Record<string, string>, string[]]>([
    ['an unknown period', { period: '2026-H3' }, ['period']],
    ['a month 13', { period: '2026-13' }, ['period']],
    ['a period and from/to', { period: '2026', from: '2026-01-01', to: '2026-02-01' }, ['period']],
    ['from without to', { from: '2026-01-01' }, ['to']],
    ['to before from, and a bad asOf', { from: '2026-02-01', to: '2026-01-01', asOf: 'yesterday' }, ['asOf', 'to']],
    ['asOf before the period', { period: '2026-H2', asOf: '2026-01-01' }, ['asOf']],
  ])('refuses %s, naming each bad field', (_name, q, fields) => {
    let error: unknown;
    try {
      resolveWindow(q, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_INPUT');
    expect((error as DomainError).issues.map((i) => i.path).sort()).toEqual(fields);
  });
});
