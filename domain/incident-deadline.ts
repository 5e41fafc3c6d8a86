import type { IncidentSeverity, TierPolicy } from './policy-pack.ts';

/**
 * The severity a tier's policy judges an incident by: a critical-infrastructure disruption under an assessment made
 * before that severity existed is judged as widespread (the same two days under Art. 73(3)).
 */
export function judgedSeverity(policy: Pick<TierPolicy, 'incidentDeadlines'>, severity: IncidentSeverity): IncidentSeverity {
  if (severity === 'critical_infrastructure' && policy.incidentDeadlines.critical_infrastructure === undefined) return 'widespread';
  return severity;
}

/** The regulator-report deadline of an incident of this severity under a tier's policy, as an ISO 8601 duration. */
export function incidentDeadline(policy: Pick<TierPolicy, 'incidentDeadlines'>, severity: IncidentSeverity): string {
  const judged = judgedSeverity(policy, severity);
  return policy.incidentDeadlines[judged] ?? policy.incidentDeadlines.widespread;
}

/** Whether an incident of this severity suspends the system under a tier's policy. */
export const incidentSuspends = (policy: Pick<TierPolicy, 'incidentDeadlines' | 'suspendOn'>, severity: IncidentSeverity): boolean =>
  policy.suspendOn.includes(judgedSeverity(policy, severity));
