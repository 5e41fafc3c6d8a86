import { describe, expect, it } from 'vitest';
import { addDuration, compareDurations, parseDuration, subtractDuration } from '../../domain/durations.ts';
import { IsoDuration } from '../../domain/durations.ts';

const at = (iso: string) => Date.parse(iso);

describe('ISO 8601 durations', () => {
  it.each([
    ['P6M', { months: 6 }],
    ['P14D', { days: 14 }],
    ['PT30S', { seconds: 30 }],
    ['P2W', { weeks: 2 }],
    ['PT0.5S', { seconds: 0.5 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
  ])('parses %s', (text, expected) => {
    expect(parseDuration(text)).toMatchObject(expected);
  });

  it.each(['', 'P', 'PT', 'P1DT', '6M', 'P-1D', 'P1.5M', 'PT1H2D', 'P0D', 'p6m', 'P6M '])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
    expect(IsoDuration.safeParse(text).success).toBe(false);
  });

  it.each([
    ['2026-01-31T10:00:00Z', 'P1M', '2026-02-28T10:00:00Z'],
    ['2028-01-31T10:00:00Z', 'P1M', '2028-02-29T10:00:00Z'],
    ['2028-02-29T00:00:00Z', 'P1Y', '2029-02-28T00:00:00Z'],
    ['2026-08-31T00:00:00Z', 'P6M', '2027-02-28T00:00:00Z'],
    ['2026-11-15T00:00:00Z', 'P2M', '2027-01-15T00:00:00Z'],
    ['2026-03-28T00:00:00Z', 'P14D', '2026-04-11T00:00:00Z'],
    ['2026-01-01T00:00:00Z', 'PT30S', '2026-01-01T00:00:30Z'],
    ['2026-01-01T00:00:00Z', 'PT0.25S', '2026-01-01T00:00:00.250Z'],
    ['2026-01-01T00:00:00Z', 'P1Y2M3DT4H5M6S', '2027-03-04T04:05:06Z'],
  ])('%s + %s = %s', (start, duration, end) => {
    expect(addDuration(at(start), duration)).toBe(at(end));
  });

  it.each([
    ['2026-03-31T00:00:00Z', 'P1M', '2026-02-28T00:00:00Z'],
    ['2026-01-01T00:00:20Z', 'PT10S', '2026-01-01T00:00:10Z'],
    ['2026-01-10T00:00:00Z', 'P7D', '2026-01-03T00:00:00Z'],
  ])('%s - %s = %s', (start, duration, end) => {
    expect(subtractDuration(at(start), duration)).toBe(at(end));
  });

  it('throws on a duration that does not parse rather than guessing', () => {
    expect(() => addDuration(0, 'six months')).toThrow(RangeError);
  });

  it.each([
    ['P6M', 'P12M', -1],
    ['P1Y', 'P12M', 0],
    ['P30D', 'P1M', 1],
    ['PT10S', 'PT20S', -1],
  ])('compares %s with %s', (a, b, sign) => {
    expect(Math.sign(compareDurations(a, b))).toBe(sign);
  });
});
