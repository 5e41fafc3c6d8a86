import { z } from 'zod';
import { Stage } from '../domain/lifecycle/state.ts';
import { PackName, PackVersion } from '../domain/pack-ref.ts';
import { PolicyImpact } from '../domain/policy-impact.ts';
import { SystemId } from '../domain/proposal.ts';

/** GET /v1/policy/impact query and POST /v1/policy/applications body: the pack and the version to judge. */
export const PackVersionInput = z.strictObject({ pack: PackName, version: PackVersion });
export type PackVersionInput = z.infer<typeof PackVersionInput>;

/** One live system the version changes: how, and why. */
export const SystemImpact = z
  .strictObject({
    systemId: SystemId,
    name: z.string().nullable(),
    stage: Stage,
    /** The packs it is assessed under now, and would be after the version is applied. */
    packsBefore: z.array(z.string()),
    packsAfter: z.array(z.string()),
    impact: PolicyImpact,
    /** Why applying would wait (a review open or waiting), or null when it can be applied now. */
    blocked: z.string().nullable(),
  })
  .meta({ id: 'SystemImpact' });
export type SystemImpact = z.infer<typeof SystemImpact>;

/** Where the live systems were read from: the read side, or the workflows themselves when it is out of reach. */
export const FleetSourceName = z.enum(['read_side', 'workflows']);
export type FleetSourceName = z.infer<typeof FleetSourceName>;

/** What a pack version would change across the fleet; nothing is changed by asking. */
export const ImpactReport = z
  .strictObject({
    pack: PackName,
    version: PackVersion,
    /** The version's identity, `name@version+hash`. */
    policyVersion: z.string(),
    source: FleetSourceName,
    /** Live systems under the pack that were re-assessed, and how many of them the version leaves as they are. */
    assessed: z.number().int().min(0),
    unchanged: z.number().int().min(0),
    /** Live systems already under this version (nothing to judge). */
    alreadyApplied: z.number().int().min(0),
    systems: z.array(SystemImpact),
  })
  .meta({ id: 'ImpactReport' });
export type ImpactReport = z.infer<typeof ImpactReport>;

/** What applying did to one system. */
export const ApplyOutcome = z
  .strictObject({
    systemId: SystemId,
    outcome: z.enum(['applied', 'unchanged', 'skipped', 'failed']),
    /** The CloudEvent types recorded (empty unless applied). */
    events: z.array(z.string()),
    reReview: z.boolean(),
    /** Why it was skipped or failed (with the error code), else null. */
    detail: z.string().nullable(),
  })
  .meta({ id: 'ApplyOutcome' });
export type ApplyOutcome = z.infer<typeof ApplyOutcome>;

/** POST /v1/policy/applications: each live system under the pack that the version changes, and what happened. */
export const ApplyReport = z
  .strictObject({ pack: PackName, version: PackVersion, policyVersion: z.string(), results: z.array(ApplyOutcome) })
  .meta({ id: 'ApplyReport' });
export type ApplyReport = z.infer<typeof ApplyReport>;
