import { z } from 'zod';
import { OversightFigures } from '../domain/lifecycle/commands.ts';
import { DecisionRecord } from '../events/decision-record.ts';

/** The most records one ingest request may carry (a batch stays well inside the API's body limit). */
export const MAX_INGEST_BATCH = 200;

/** POST /v1/decisions: a batch of decision records, accepted whole or refused whole. */
export const DecisionBatch = z.strictObject({ records: z.array(DecisionRecord).min(1).max(MAX_INGEST_BATCH) }).meta({ id: 'DecisionBatch' });
export type DecisionBatch = z.infer<typeof DecisionBatch>;

/** 202: the batch is on the decisions topic; the checker stores and checks it from there. */
export const DecisionReceipt = z.object({ accepted: z.number().int(), ids: z.array(z.string()) }).meta({ id: 'DecisionReceipt' });
export type DecisionReceipt = z.infer<typeof DecisionReceipt>;

/** The pack's thresholds a system's months are judged against, and how long its decisions are kept. */
export const OversightThresholds = z.object({
  overrideRateMax: z.number(),
  minDecisions: z.number().int(),
  volumeAboveScale: z.boolean(),
  /** The monthly users the proposal declared (null: none declared). */
  declaredScale: z.number().int().nullable(),
  /** Whole months, `P6M`: the pack's, or the deployment's `GOVFLOW_DECISION_RETENTION`. */
  retention: z.string(),
});
export type OversightThresholds = z.infer<typeof OversightThresholds>;

/** GET /v1/systems/{id}/oversight: this month's and last month's signals, the thresholds, and the checker's findings. */
export const OversightView = z
  .object({
    systemId: z.string(),
    periods: z.array(z.object({ period: z.string(), figures: OversightFigures })),
    /** Null where the API has no pack settings to judge by. */
    thresholds: OversightThresholds.nullable(),
    findings: z.array(z.object({ kind: z.string(), detail: z.string(), outcome: z.string(), at: z.string() })),
  })
  .meta({ id: 'OversightView' });
export type OversightView = z.infer<typeof OversightView>;

/** GET /v1/systems/{id}/decisions: the range to export, half-open, [from, to). */
export const ExportQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()),
  to: z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString()),
});
