import { stringify } from 'csv-stringify/sync';
import type { Indicators } from '../domain/indicators/indicators.ts';
import { renderTable } from './output.ts';

/** Every figure as a dotted name and a value (`systems.byStage.deployed`, 3), in the document's order. */
export function flattenIndicators(ind: Indicators): [string, string | number | null][] {
  const rows: [string, string | number | null][] = [];
  const walk = (prefix: string, v: unknown): void => {
    if (Array.isArray(v)) {
      // The committee load: one row per member.
      for (const item of v as { member: string; rounds: number }[]) rows.push([`${prefix}.${item.member}`, item.rounds]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, child);
    } else {
      rows.push([prefix, v as string | number | null]);
    }
  };
  walk('', ind);
  return rows;
}

/** The indicators as an aligned two-column table. */
export const indicatorsTable = (ind: Indicators): string =>
  renderTable(flattenIndicators(ind), [
    { header: 'indicator', value: (r) => r[0] },
    { header: 'value', value: (r) => r[1] },
  ]);

/** The indicators as CSV (`indicator,value`), for spreadsheets. */
export const indicatorsCsv = (ind: Indicators): string =>
  stringify([['indicator', 'value'], ...flattenIndicators(ind).map(([k, v]) => [k, v ?? ''])]);
