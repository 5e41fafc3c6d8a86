import { z } from 'zod';
import {
  domainEventDescriptions,
  domainEventSchemas,
  domainEventTypes,
  type DomainEventType,
  type EventOf,
} from '../domain/lifecycle/events.ts';
import { checkEnvelopeConsistency, cloudEventType, envelopeShape, type EnvelopeFields } from './envelope.ts';

/** The CloudEvents type of a domain event type: `ai.governance.<short>.v1`. */
export type CeTypeOf<T extends DomainEventType> = `ai.governance.${T}.v1`;
/** Every CloudEvents type of the v1 catalogue. */
export type GovernanceEventType = CeTypeOf<DomainEventType>;

/** The envelope of one event type, with its typed `data`. */
export type GovernanceEventOf<C extends GovernanceEventType> =
  C extends CeTypeOf<infer T extends DomainEventType>
    ? Omit<EnvelopeFields, 'type' | 'data'> & { type: C; data: EventOf<T>['data'] }
    : never;
/** Any envelope of the v1 catalogue, discriminated on `type`. */
export type KnownGovernanceEvent = { [C in GovernanceEventType]: GovernanceEventOf<C> }[GovernanceEventType];

/** One documented entry of the catalogue. */
export interface CatalogueEntry {
  /** Domain short name, e.g. `review.vote_cast`. */
  readonly short: DomainEventType;
  /** CloudEvents `type`, e.g. `ai.governance.review.vote_cast.v1`. */
  readonly type: GovernanceEventType;
  /** The entity the event is about: `system`, `risk`, `review`, `condition`, `report`, `incident`, `decision`, `policy`, `derogation` (the committee's acceptance of an Art. 6(3) claim) or `lifecycle` (the workflow's own trust in its edge). */
  readonly entity: string;
  /** When the event is emitted. */
  readonly when: string;
  /** What its `data` means. */
  readonly data: string;
  /** Schema of `data`. */
  readonly dataSchema: z.ZodType;
  /** Schema of the whole envelope of this type. */
  readonly envelopeSchema: z.ZodType;
}

// What the data of each type means, for the catalogue page and the contracts (the schemas say its shape).
const dataNotes: Record<DomainEventType, string> = {
  'system.proposed':
    "The full proposal as submitted, the policy pack it will be assessed under (chosen by the organisation's configuration, never by the proposer), and who proposed it.",
  'risk.assessed':
    'Why it was assessed (purpose) and the whole assessment: per-pillar scores, tier, every fired rule with its reason, the obligations of the tier, and the pack\'s duties (separation of duties, blind voting; absent in assessments made before packs carried them).',
  'review.staffing_failed':
    'Why the review could not be staffed: its purpose, the committee the tier names, the reason, and how many voting members it has against how many the tier requires.',
  'review.staffing_retried': 'The purpose of the review to staff again, the administrator who asked, and their note.',
  'review.opened':
    'The round number and purpose, the committee and its members, who is expected to vote, the quorum rule, deadline and reminder times; `urgent` for incident reviews.',
  'review.vote_cast': 'The round, the voter, the vote (approve, reject, request_changes) and the rationale given.',
  'review.recusal_recorded':
    'The round, the member who recused, and the declared conflict of interest; also recorded by the engine as a round opens, for a committee member who proposed or owns the system.',
  'review.reminder_sent': 'The round, which reminder (index), the members still to vote, and the deadline.',
  'review.escalated': 'The round, the chair(s) it was escalated to, who has not voted, and the passed deadline.',
  'review.changes_requested': 'The round and purpose, the final tally, and each voter rationale asking for changes.',
  'system.amended': 'The changes made, the resulting full proposal, and who amended it.',
  'system.approved':
    'The deciding round and tally, the conditions with their due instants, the approved version, and the next re-review date.',
  'system.rejected':
    'Whether the system or only a modification was rejected, and why: a prohibited use (listed) or a committee decision (round and tally).',
  'condition.satisfied': 'Which condition is met, the evidence, and who recorded it.',
  'condition.due_soon': 'The condition, the instant it falls due, and who was told it is coming due (its owner and proposer).',
  'condition.overdue':
    "The condition, its missed due instant, the pack's action (remind, escalate or suspend), and who was notified.",
  'system.deployed':
    'The environment and version deployed, by whom, and when the first transparency report is due (if any).',
  'review.re_review_due':
    'Why the re-review is due, the operating cycle, when, and a reference (e.g. the incident id).',
  'report.transparency_due': 'The reporting period and its due instant.',
  'report.transparency_submitted':
    'The period, the training-data summary, what changed, who filed it, whether it was late, and the next due date.',
  'report.transparency_overdue':
    'The period, the missed due date, when suspension follows, and whom it was escalated to.',
  'incident.reported':
    'The incident id, severity, description, affected people, when the causal link was established, reporter, regulator report deadline, and whether it suspends the system.',
  'incident.report_due': 'The incident id, severity, and the regulator reporting deadline that arrived.',
  'system.suspended': 'Why the system was suspended, with a reference (e.g. the incident id).',
  'system.reinstated': 'The approving round and tally, and the next re-review date.',
  'system.modification_requested':
    'The new version, its description, the changes, the resulting proposal, and who asked.',
  'system.retired': 'Who retired it (owner, chair, or committee), the acting person, and why.',
  'lifecycle.command_keys_rotated':
    "The whole new set of edge keys, each as its key id (its RFC 7638 thumbprint, checked) and public key `x`, the administrator who rotated them and why; public keys only. The event's `commandjws` names the key of the previous set that signed the rotation.",
  'decision.violation_detected':
    "What was broken (kind), the decision (id, model version, time, month), the people affected that month against the declared scale, the lifecycle's stage, approved and running versions when it was recorded, and the checker's service identity.",
  'decision.oversight_threshold_crossed':
    "The month, its figures (decisions, reviewed and overridden, share reviewed by a person, override rate, the month before and the trend, people affected), each pack threshold crossed with its limit, whether a re-review was made due, and the checker's service identity.",
  'policy.version_applied':
    'The pack, the version the system was assessed under before and the one applied (`name@version+hash`), the packs it is under from now on, the tier and committee before and after, the obligations added (and which of them are unmet) and removed, the rules that now fire or no longer fire, whether a re-review follows, the whole new assessment, and the administrator who applied it.',
  'derogation.accepted':
    'The ground and article of the accepted claim, the committee member who accepted it and their reasons, the tier before and after, the conditions of the standing approval that no longer apply (the high tier\'s duties, the decision itself), and the whole new assessment (its derogation `accepted`).',
};

function envelopeOf<T extends DomainEventType>(short: T) {
  return envelopeShape.extend({
    type: z.literal(cloudEventType(short) as CeTypeOf<T>),
    data: domainEventSchemas[short] as z.ZodType<EventOf<T>['data']>,
  });
}

/** The v1 catalogue, one entry per domain event type, in lifecycle order. */
export const catalogue: readonly CatalogueEntry[] = domainEventTypes.map((short) => ({
  short,
  type: cloudEventType(short) as GovernanceEventType,
  entity: short.split('.')[0] ?? short,
  when: domainEventDescriptions[short],
  data: dataNotes[short],
  dataSchema: domainEventSchemas[short] as z.ZodType,
  envelopeSchema: envelopeOf(short).superRefine(checkEnvelopeConsistency),
}));

const byType = new Map<string, CatalogueEntry>(catalogue.map((e) => [e.type, e]));

/** The catalogue entry of a CloudEvents type, or undefined for a type this version does not know. */
export function catalogueEntry(type: string): CatalogueEntry | undefined {
  return byType.get(type);
}

/** Every envelope of the v1 catalogue as one zod schema, discriminated on `type`. */
export const KnownGovernanceEvent = z
  .discriminatedUnion(
    'type',
    domainEventTypes.map((t) => envelopeOf(t)) as unknown as [
      ReturnType<typeof envelopeOf>,
      ...ReturnType<typeof envelopeOf>[],
    ],
  )
  .superRefine(checkEnvelopeConsistency) as unknown as z.ZodType<KnownGovernanceEvent>;
