import type { DomainEvent } from '../domain/lifecycle/events.ts';

/** One simulated event: the domain event and its instant (ms). */
export interface SimEvent {
  readonly event: DomainEvent;
  readonly at: number;
}

const DAY = 86_400_000;
const SECTORS = ['finance', 'healthcare', 'education', 'transportation', 'public_services', 'other'] as const;
const PACKS = ['ai-governance-code-2026', 'eu-ai-act'] as const;
const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
const ASSESSMENT = (tier: string) => ({ tier, policyVersion: 'bench@1' });

/** A small deterministic PRNG (mulberry32), so every run simulates the same fleet. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ev = (type: DomainEvent['type'], data: Record<string, unknown>): DomainEvent => ({ type, data }) as DomainEvent;
const iso = (t: number) => new Date(t).toISOString();

/**
 * Simulates `years` of one system's operating life from `start`: the proposal and first review, then re-reviews
 * (every 6 months for high tier, 12 for the others), transparency reports every 6 months for the generative ones
 * (some late), incidents (a serious one suspends it until an incident review reinstates it), escalated rounds, and
 * a retirement for some. The event shapes carry what the folds read.
 */
export function simulateSystem(i: number, start: number, years: number, rand: () => number): SimEvent[] {
  const out: SimEvent[] = [];
  let t = start;
  const push = (type: DomainEvent['type'], data: Record<string, unknown>, step = 60_000) => {
    t += step;
    out.push({ event: ev(type, data), at: t });
  };
  const tier = rand() < 0.3 ? 'high' : rand() < 0.7 ? 'limited' : 'minimal';
  const generative = rand() < 0.2;
  const id = `sys-${i}`;
  const proposal = { systemId: id, name: `System ${i}`, owner: `owner-${i % 300}`, sector: SECTORS[i % SECTORS.length] };
  push('system.proposed', { proposal, policyPack: PACKS[i % PACKS.length], proposedBy: 'p', proposedAt: iso(t) }, 0);
  let round = 0;
  const review = (purpose: string) => {
    round += 1;
    const opens = t + 60_000;
    const deadline = opens + 14 * DAY;
    push('risk.assessed', { purpose, assessment: ASSESSMENT(tier) });
    push('review.opened', { round, purpose, committee: 'c', members: [], expectedVoters: MEMBERS.slice(0, 5), minVotes: 3, approvalShare: 0.5, minDistinctApprovers: 2, opensAt: iso(opens), deadline: iso(deadline), reminderTimes: [], urgent: false });
    const late = rand() < 0.1;
    if (late) {
      t = deadline;
      push('review.escalated', { round, to: ['m1'], missingVoters: MEMBERS.slice(0, 5), deadline: iso(deadline) });
    }
    for (const m of MEMBERS.slice(0, 3)) push('review.vote_cast', { round, voter: m, vote: 'approve', rationale: 'ok' }, (1 + rand() * 3) * DAY);
  };
  review('initial');
  const cadence = (tier === 'high' ? 6 : 12) * 30 * DAY;
  const conditions = tier === 'high' ? [{ id: 'bias-audit', description: 'Bias audit', dueBefore: 'P3M', dueAt: iso(t + 90 * DAY) }] : [];
  push('system.approved', { round, purpose: 'initial', tally: {}, conditions, version: '1.0.0', nextReReviewAt: iso(t + cadence) });
  if (conditions.length && rand() < 0.8) push('condition.satisfied', { conditionId: 'bias-audit', evidence: 'e', satisfiedBy: 'o' }, 30 * DAY);
  push('system.deployed', { environment: 'prod', version: '1.0.0', deployer: 'd', firstTransparencyDueAt: generative ? iso(t + 180 * DAY) : null });
  const end = start + years * 365 * DAY;
  let nextReview = t + cadence;
  let nextReport = generative ? t + 180 * DAY : Infinity;
  let period = 1;
  let cycle = 0;
  while (Math.min(nextReview, nextReport) < end) {
    if (nextReport < nextReview) {
      const late = rand() < 0.15;
      t = Math.max(t, nextReport + (late ? 10 * DAY : -5 * DAY));
      nextReport += 180 * DAY;
      push('report.transparency_submitted', { period, trainingDataSummary: {}, changes: 'c', submittedBy: 'o', late, nextDueAt: iso(nextReport) });
      period += 1;
      continue;
    }
    t = Math.max(t, nextReview);
    if (rand() < 0.05) {
      const serious = rand() < 0.3;
      push('incident.reported', { incidentId: `inc-${cycle}`, severity: serious ? 'serious' : 'minor', description: 'd', affectedPeople: 3, causalLinkAt: iso(t - 2 * DAY), reportedBy: 'o', reportDueAt: iso(t + (rand() < 0.8 ? 1 : -1) * DAY), suspends: serious });
      if (serious) push('system.suspended', { reason: 'serious_incident', ref: `inc-${cycle}` });
    }
    cycle += 1;
    push('review.re_review_due', { purpose: 're_review', cycle, dueAt: iso(t), ref: null });
    review('re_review');
    nextReview = t + cadence;
    const suspended = out.some((e) => e.event.type === 'system.suspended') && out.at(-1)?.event.type !== 'system.reinstated';
    if (suspended && out.findLast((e) => e.event.type === 'system.suspended' || e.event.type === 'system.reinstated')?.event.type === 'system.suspended') {
      push('system.reinstated', { round, tally: {}, nextReReviewAt: iso(nextReview) });
    } else {
      push('system.approved', { round, purpose: 're_review', tally: {}, conditions: [], version: null, nextReReviewAt: iso(nextReview) });
    }
  }
  if (rand() < 0.1) push('system.retired', { by: 'owner', actor: 'o', reason: 'replaced' });
  return out;
}
