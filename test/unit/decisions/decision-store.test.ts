import { describe, expect, it } from 'vitest';
import { expired } from '../../../adapters/decision-store.ts';
import { monthTable } from '../../../adapters/read-db/decision-schema.ts';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { decisionStoreContract } from '../../support/decision-store-contract.ts';

decisionStoreContract('SQLite', async () => openSqliteReadDb(':memory:'));

describe('decision retention', () => {
  it.each([
    ['2026-01', 6, '2026-07-31T23:59:59Z', false],
    ['2026-01', 6, '2026-08-01T00:00:00Z', true],
    ['2025-12', 1, '2026-02-01T00:00:00Z', true],
  ])('month %s under %i months of retention expired at %s: %s', (period, months, now, yes) => {
    expect(expired(period, months, new Date(now))).toBe(yes);
  });

  it.each(['2026-1', "2026-01'; DROP TABLE x; --", '26-01'])('refuses %j as a month table name', (period) => {
    expect(() => monthTable(period)).toThrow(/not a month/);
  });
});
