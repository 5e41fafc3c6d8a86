import { z } from 'zod';
import type { FieldIssue } from './errors.ts';
import { ReviewTier } from './policy-pack.ts';
import type { CommitteeMix, PolicyPackFile, TierPolicy } from './policy-pack.ts';
import { UserId } from './proposal.ts';

/** What a person does on a committee: members vote, the chair votes and receives escalations, advisers only comment. */
export const CommitteeRole = z.enum(['member', 'chair', 'adviser']);
export type CommitteeRole = z.infer<typeof CommitteeRole>;

/** What a member brings to a committee, for the pack's required mix. */
export const Expertise = z.enum(['technical', 'ethics', 'law']);
export type Expertise = z.infer<typeof Expertise>;

/** One person on a committee. */
export const CommitteeMember = z.strictObject({
  id: UserId,
  name: z.string().trim().min(1).max(200),
  roles: z.array(CommitteeRole).min(1).max(3),
  expertise: z.array(Expertise).max(3).optional(),
  /** From outside the organisation whose systems the committee reviews. */
  external: z.boolean().optional(),
});
export type CommitteeMember = z.infer<typeof CommitteeMember>;

/** An ethics committee: its id is what a pack's tier policy names. */
export const Committee = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase committee id'),
    name: z.string().trim().min(1).max(200),
    members: z.array(CommitteeMember).min(1).max(200),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.members.forEach((m, i) => {
      if (seen.has(m.id))
        ctx.addIssue({ code: 'custom', path: ['members', i, 'id'], message: `duplicate member id ${m.id}` });
      seen.add(m.id);
    });
    if (!c.members.some((m) => m.roles.includes('chair')))
      ctx.addIssue({ code: 'custom', path: ['members'], message: 'a committee needs a chair' });
  });
export type Committee = z.infer<typeof Committee>;

/** The committees a policy pack's reviews are drawn from. */
export const Roster = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase roster name'),
    version: z.string().min(1).max(40),
    committees: z.array(Committee).min(1).max(50),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.committees.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['committees', i, 'id'], message: `duplicate committee id ${c.id}` });
      seen.add(c.id);
    });
  });
export type Roster = z.infer<typeof Roster>;

/** True if the member's vote counts toward quorum (members and chairs; advisers only comment). */
export const isVotingMember = (m: CommitteeMember): boolean => m.roles.includes('member') || m.roles.includes('chair');

/** Finds a committee by id, or undefined. */
export const findCommittee = (roster: Roster, committeeId: string): Committee | undefined =>
  roster.committees.find((c) => c.id === committeeId);

/** Why a roster cannot staff a tier's committee: the committee is missing or has too few voting members. */
export interface StaffingShortfall {
  readonly committee: string;
  readonly reason: string;
  readonly votingMembers: number;
  readonly required: number;
}

/** What a committee's voting members lack of the required mix, one phrase each ("1 more outside member"). */
export function mixShortfall(voting: readonly CommitteeMember[], mix: CommitteeMix): string[] {
  const has = (e: readonly Expertise[]) => voting.filter((m) => m.expertise?.some((x) => e.includes(x))).length;
  const gaps: [number, number, string][] = [
    [mix.technical, has(['technical']), 'with technical expertise'],
    [mix.ethicsOrLaw, has(['ethics', 'law']), 'with ethics or law expertise'],
    [mix.external, voting.filter((m) => m.external === true).length, 'from outside the organisation'],
  ];
  return gaps.filter(([need, got]) => got < need).map(([need, got, what]) => `${need - got} more voting member(s) ${what} (needs ${need}, has ${got})`);
}

/**
 * A tier's committee drawn from a roster, or why it cannot be: missing, with too few voting members, or without the
 * pack's required mix of expertise (the reason names each missing kind of member).
 */
export function staffCommittee(
  roster: Roster,
  policy: Pick<TierPolicy, 'committee' | 'minCommitteeMembers' | 'committeeMix'>,
): { committee: Committee; shortfall: null } | { committee: null; shortfall: StaffingShortfall } {
  const required = policy.minCommitteeMembers;
  const committee = findCommittee(roster, policy.committee);
  if (!committee) {
    const reason = `committee ${policy.committee} is not on roster ${roster.name}`;
    return { committee: null, shortfall: { committee: policy.committee, reason, votingMembers: 0, required } };
  }
  const voting = committee.members.filter(isVotingMember);
  const votingMembers = voting.length;
  const lacking = policy.committeeMix ? mixShortfall(voting, policy.committeeMix) : [];
  if (votingMembers >= required && lacking.length === 0) return { committee, shortfall: null };
  const parts = [
    ...(votingMembers < required ? [`has ${votingMembers} voting members, fewer than ${required}`] : []),
    ...(lacking.length ? [`lacks ${lacking.join(', ')} (${policy.committeeMix!.source})`] : []),
  ];
  const reason = `committee ${committee.id} ${parts.join('; and ')}`;
  return { committee: null, shortfall: { committee: committee.id, reason, votingMembers, required } };
}

/** Checks that a roster can staff every tier of a pack: each committee exists, with enough voting members. */
export function checkRosterForPack(roster: Roster, pack: PolicyPackFile): FieldIssue[] {
  return ReviewTier.options.flatMap((tier) => {
    const { shortfall } = staffCommittee(roster, pack.tiers[tier]);
    return shortfall ? [{ path: `tiers.${tier}.committee`, message: shortfall.reason }] : [];
  });
}
