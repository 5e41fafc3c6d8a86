import type { Command } from 'commander';
import type { IndicatorQuery } from '../wire/indicators.ts';

/** The window and filter options `indicators` and `report` share. */
export interface IndicatorOptions {
  period?: string;
  from?: string;
  to?: string;
  asOf?: string;
  sector?: IndicatorQuery['sector'];
  tier?: IndicatorQuery['tier'];
  pack?: string;
}

/** Adds the window and filter options; the API checks them and names each bad one. */
export function withIndicatorOptions(cmd: Command): Command {
  return cmd
    .option('--period <period>', 'a year (2026), half (2026-H2), quarter (2026-Q3) or month (2026-11), UTC')
    .option('--from <date>', 'window start (inclusive), instead of --period')
    .option('--to <date>', 'window end (exclusive)')
    .option('--as-of <instant>', 'judge open and overdue items at this instant (default now)')
    .option('--sector <sector>', 'finance | healthcare | education | transportation | public_services | other')
    .option('--tier <tier>', 'minimal | limited | high | prohibited')
    .option('--pack <name>', 'policy pack name');
}

/** The options as the API's query. */
export const indicatorQuery = (o: IndicatorOptions): IndicatorQuery => ({
  period: o.period, from: o.from, to: o.to, asOf: o.asOf, sector: o.sector, tier: o.tier, pack: o.pack,
});

/** True when the options ask for a window (the regulator report rather than a transparency report). */
export const asksForWindow = (o: IndicatorOptions): boolean => [o.period, o.from, o.to].some((v) => v !== undefined);
