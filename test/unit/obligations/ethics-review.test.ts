import { describe, expect, it } from 'vitest';
import { loadRoster } from '../../../adapters/policy-files.ts';
import { meetsFraction, shareFraction } from '../../../domain/approval-share.ts';
import { assessRisk } from '../../../domain/assess-risk.ts';
import { DomainError } from '../../../domain/errors.ts';
import { tallyRound } from '../../../domain/lifecycle/quorum.ts';
import type { ReviewRound } from '../../../domain/lifecycle/state.ts';
import { parsePolicyPack } from '../../../domain/parse-policy-pack.ts';
import type { PolicyPack } from '../../../domain/policy-pack.ts';
import { staffCommittee } from '../../../domain/roster.ts';
import type { Roster } from '../../../domain/roster.ts';
import { summaryGaps } from '../../../domain/training-data-completeness.ts';
import { ROSTER_DIR, loadShippedPacks, proposalWith, trainingDataSummary } from '../policy-fixtures.ts';

type Summary = ReturnType<typeof trainingDataSummary>;
const [agc] = (await loadShippedPacks()) as [PolicyPack, PolicyPack, PolicyPack];
const roster = await loadRoster(ROSTER_DIR, agc.roster);
const agcFile: Record<string, unknown> = { ...agc };
delete agcFile.contentHash;
delete agcFile.policyVersion;
const refusedAt = (edit: (tiers: PolicyPack['tiers']) => void): string[] => {
  const tiers = structuredClone(agc.tiers);
  edit(tiers);
  try {
    parsePolicyPack({ ...agcFile, tiers }, 'b'.repeat(64));
  } catch (e) {
    if (e instanceof DomainError) return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return [];
};

describe('the committee: at least 7, with its required mix, checked at staffing (Measures for S&T Ethics Review Art. 7)', () => {
  const high = agc.tiers.high;
  const withMembers = (edit: (m: Roster['committees'][number]['members']) => void): Roster => {
    const r = structuredClone(roster);
    edit(r.committees[0]!.members);
    return r;
  };

  it('the shipped committee is staffed for every tier', () => {
    expect(high.minCommitteeMembers).toBe(7);
    expect(high.committeeMix).toMatchObject({ technical: 1, ethicsOrLaw: 1, external: 1 });
    for (const t of ['minimal', 'limited', 'high'] as const) expect(staffCommittee(roster, agc.tiers[t]).shortfall).toBeNull();
  });

  it('without an outside member, staffing is refused, naming what is missing (Measures Art. 7)', () => {
    const r = withMembers((ms) => ms.forEach((m) => delete m.external));
    expect(staffCommittee(r, high).shortfall?.reason).toBe(
      'committee ethics-committee lacks 1 more voting member(s) from outside the organisation (needs 1, has 0) ' +
        '(Measures for Science and Technology Ethics Review (Trial) 2023 Art. 7)',
    );
  });

  it('without ethics or law expertise, and below seven, the reason names both', () => {
    const r = withMembers((ms) => {
      ms.splice(5, 3);
      ms.forEach((m) => (m.expertise = ['technical']));
    });
    const reason = staffCommittee(r, high).shortfall?.reason ?? '';
    expect(reason).toContain('has 5 voting members, fewer than 7');
    expect(reason).toContain('1 more voting member(s) with ethics or law expertise (needs 1, has 0)');
    expect(reason).not.toContain('technical expertise');
  });

  it('an adviser does not count toward the mix', () => {
    const r = withMembers((ms) => {
      ms.forEach((m) => delete m.external);
      ms.find((m) => m.roles.includes('adviser'))!.external = true;
    });
    expect(staffCommittee(r, high).shortfall?.reason).toContain('from outside the organisation');
  });
});

describe('the approval share is exact: two thirds is 2/3 (Measures for S&T Ethics Review, decisions by two thirds)', () => {
  it('the pack stores the share as a fraction', () => {
    expect(agc.tiers.high.quorum.approvalShare).toBe('2/3');
    expect(shareFraction('2/3')).toEqual({ numerator: 2, denominator: 3 });
  });

  it.each([
    [2, 3, true], [4, 6, true], [3, 5, false], [5, 7, true], [4, 7, false], [6, 9, true], [66, 100, false], [67, 100, true],
  ])('%i approvals of %i votes meet 2/3: %s', (a, n, ok) => {
    expect(meetsFraction(a, n, { numerator: 2, denominator: 3 })).toBe(ok);
  });

  it('a decimal 0.67 would refuse 4 of 6; the round with its fraction approves', () => {
    const voters = ['a', 'b', 'c', 'd', 'e', 'f'];
    const round: ReviewRound = {
      round: 1, purpose: 'initial', committee: 'c', members: [], expectedVoters: voters, minVotes: 6, approvalShare: 2 / 3,
      approvalFraction: { numerator: 2, denominator: 3 }, minDistinctApprovers: 2,
      opensAt: '2026-01-01T00:00:00.000Z', deadline: '2026-01-02T00:00:00.000Z', reminderTimes: [], urgent: false,
      votes: voters.map((voter, i) => ({ voter, vote: i < 4 ? 'approve' : 'reject', rationale: 'r' })),
      recusals: [], remindersSent: 0, escalated: false,
    };
    expect(4 >= 0.67 * 6).toBe(false);
    expect(tallyRound(round, 'high').outcome).toBe('approve');
    const legacy: ReviewRound = { ...round, approvalShare: 0.67 };
    delete legacy.approvalFraction;
    expect(tallyRound(legacy, 'high').outcome).not.toBe('approve');
  });

  it('a pack writing the share as a decimal is refused at load', () => {
    expect(refusedAt((t) => (t.high.quorum.approvalShare = 0.67))).toEqual([
      'tiers.high.quorum.approvalShare: write the share as a fraction such as "2/3" (a decimal such as 0.67 is not two thirds)',
    ]);
  });
});

describe('decisions within 30 days and follow-up review at most every 12 months (Measures for S&T Ethics Review)', () => {
  it('the shipped tiers keep both', () => {
    expect(agc.tiers.high).toMatchObject({ reviewDeadline: 'P30D', reReviewInterval: 'P6M' });
    expect(agc.tiers.minimal.reReviewInterval).toBe('P12M');
  });

  it('a pack asking for a follow-up review every 13 months is refused at load', () => {
    expect(refusedAt((t) => (t.limited.reReviewInterval = 'P13M'))).toEqual([
      'tiers.limited.reReviewInterval: a follow-up review at most every P12M (Measures for Science and Technology Ethics Review (Trial) 2023, follow-up review at most every 12 months)',
    ]);
    expect(refusedAt((t) => (t.limited.reReviewInterval = 'P1Y'))).toEqual([]);
  });

  it('a pack giving the committee 31 days to decide is refused at load', () => {
    expect(refusedAt((t) => (t.high.reviewDeadline = 'P31D'))).toEqual([
      'tiers.high.reviewDeadline: the committee decides within P30D (Measures for Science and Technology Ethics Review (Trial) 2023, a decision within 30 days of acceptance)',
    ]);
  });
});

describe('the training-data summary is checked for completeness (AI Governance Code 2026, published training-data summaries)', () => {
  const large = (edit: (s: Summary) => void) =>
    proposalWith((p) => {
      p.model = { type: 'generative', largeScale: true };
      const s = trainingDataSummary();
      edit(s);
      p.trainingDataSummary = s;
    });

  it('a complete summary adds nothing', () => {
    const a = assessRisk(large(() => undefined), agc);
    expect(a.firedRules.map((r) => r.ruleId)).not.toContain('training-data-summary-incomplete');
    expect(a.obligations?.conditions.map((c) => c.id)).not.toContain('training-data-summary-complete');
  });

  it.each([
    ['sources', (s: Summary): void => void (s.sources.public = false), 'its sources'],
    ['web_domains', (s: Summary): void => void (s.sources.webTopDomains = []), 'the top web domains'],
    ['data_types', (s: Summary): void => void (s.general.modalities = [] as never), 'the types of data'],
    ['cutoff', (s: Summary): void => void (s.general.dataCutoff = ''), 'the data cut-off date'],
    ['opt_outs', (s: Summary): void => void (s.processing.copyrightOptOutsHonoured = false), 'copyright opt-outs'],
  ] as const)('a summary without %s is incomplete and the rule training-data-summary-incomplete names it', (part, edit, words) => {
    const s = trainingDataSummary();
    edit(s);
    expect(summaryGaps(s as never)).toEqual([part]);
    if (part === 'data_types' || part === 'cutoff') return; // the proposal schema itself refuses these two gaps
    const a = assessRisk(large(edit), agc);
    expect(a.firedRules.find((r) => r.ruleId === 'training-data-summary-incomplete')?.reason).toContain(words);
    const c = a.obligations?.conditions.find((x) => x.id === 'training-data-summary-complete');
    expect(c?.description).toContain(words);
    expect(c?.dueBefore).toBe('deployment');
  });

  it('a small or non-generative system is not checked', () => {
    const a = assessRisk(
      proposalWith((p) => {
        p.model = { type: 'generative', largeScale: false };
        p.trainingDataSummary = { ...trainingDataSummary(), sources: { ...trainingDataSummary().sources, webTopDomains: [] } };
      }),
      agc,
    );
    expect(a.firedRules.map((r) => r.ruleId)).not.toContain('training-data-summary-incomplete');
  });
});
