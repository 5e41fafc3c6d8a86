import type { ProposalInput } from '../../../domain/proposal.ts';

/**
 * Proposals (edits of `testProposal('minimal')`) that fleet-test version 2.0.0 (policies/versions/fleet-test/)
 * treats each its own way against 1.0.0: raised by a new rule, lowered by a removed rule, a new obligation, and two
 * it leaves alone.
 */
export const fleetTestEdits = {
  steady: () => undefined,
  audience: (p: ProposalInput) => void (p.affected = { monthlyUsers: 50_000, minors: false, vulnerableGroups: false }),
  unexplained: (p: ProposalInput) => {
    delete p.evidence!.explainability;
    delete p.evidence!.bias;
  },
  classifier: (p: ProposalInput) => void (p.model = { type: 'classifier', version: '1.0.0', largeScale: false }),
  finance: (p: ProposalInput) => void (p.sector = 'finance'),
} satisfies Record<string, (p: ProposalInput) => void>;
