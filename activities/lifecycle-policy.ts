import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { loadPackRef } from '../adapters/pack-versions.ts';
import { loadRoster } from '../adapters/policy-files.ts';
import { assessUnderPacks } from '../domain/assess-under-packs.ts';
import type { RiskAssessment } from '../domain/assess-risk.ts';
import { DomainError } from '../domain/errors.ts';
import { DEFAULT_POLICY_PACK } from '../domain/pack-selection.ts';
import type { Proposal } from '../domain/proposal.ts';
import type { Roster } from '../domain/roster.ts';

/** Where the policy packs live (rosters under `<policyDir>/rosters/`), and the pack used when none is named. */
export interface LifecyclePolicyDeps {
  readonly policyDir: string;
  readonly defaultPack?: string;
  /** Whether testing packs may be put in force (GOVFLOW_ENV development or test); a production worker refuses them. */
  readonly allowTestingPacks: boolean;
}

/** What the lifecycle workflow asks: assess this proposal against this pack (or the default); `name@version` pins a version. */
export interface AssessProposalInput {
  readonly proposal: Proposal;
  readonly pack?: string;
  /** Every pack that applies, when the system runs under several regimes (the first is `pack`). */
  readonly packs?: readonly string[];
  /** The committee accepted the proposal's derogation claim: the pack's tier for an accepted claim applies. */
  readonly derogationAccepted?: boolean;
}

/** The assessment and the roster its committee comes from. */
export interface AssessProposalResult {
  readonly assessment: RiskAssessment;
  readonly roster: Roster;
}


/** Activities that read policy packs and rosters from disk and assess proposals against them. */
export function createLifecyclePolicyActivities(deps: LifecyclePolicyDeps) {
  return {
    /** Loads the pack and its roster and assesses the proposal; a missing or invalid pack is not retried. */
    async assessProposal(input: AssessProposalInput): Promise<AssessProposalResult> {
      const names = input.packs?.length ? input.packs : [input.pack ?? deps.defaultPack ?? DEFAULT_POLICY_PACK];
      try {
        const packs = await Promise.all(names.map((n) => loadPackRef(deps.policyDir, n, deps.allowTestingPacks)));
        // Under several regimes the strictest decides, and its committee (from its roster) reviews.
        // The day of assessment: duties carry the date they apply from, and the assessment says which day it judged.
        const assessedFor = new Date().toISOString().slice(0, 10);
        const assessment = assessUnderPacks(input.proposal, packs, { assessedFor, ...(input.derogationAccepted ? { derogationAccepted: true } : {}) });
        const deciding = packs.find((p) => p.policyVersion === assessment.policyVersion)!;
        const roster = await loadRoster(join(deps.policyDir, 'rosters'), deciding.roster);
        return { assessment, roster };
      } catch (e) {
        // A bad pack or roster will not fix itself on retry: fail with its code so the workflow can say why.
        if (e instanceof DomainError) throw ApplicationFailure.create({ type: e.code, message: e.message, nonRetryable: true });
        throw e;
      }
    },
  };
}

/** The lifecycle policy activities' type, for `proxyActivities<LifecyclePolicyActivities>()`. */
export type LifecyclePolicyActivities = ReturnType<typeof createLifecyclePolicyActivities>;
