import type { ApprovalCondition } from './approval-condition.ts';
import type { PolicyPack } from './policy-pack.ts';
import { ReviewTier } from './tier.ts';

/** One line of the traceability matrix: a pack's rule or duty, where it comes from, and how the engine enforces it. */
export interface TraceItem {
  readonly pack: string;
  readonly kind: 'rule' | 'prohibition' | 'sector' | 'question' | 'flag' | 'obligation' | 'report' | 'derogation';
  readonly id: string;
  /** The article or clause; undefined is a gap the matrix test refuses. */
  readonly source: string | undefined;
  /** What the engine does with it: the tier effect, the timer, the gate. */
  readonly enforcement: string;
  /** The lifecycle events that carry or enforce it. */
  readonly events: readonly string[];
}

// A duty the regulation applies only from a date is listed as upcoming before it and holds up no deployment then.
const blocks = (c: ApprovalCondition): string =>
  c.appliesFrom ? `blocks a deployment from ${c.appliesFrom} until satisfied (upcoming before)` : 'blocks deployment until satisfied';

function obligation(pack: string, c: ApprovalCondition, from: string): TraceItem {
  const gate = c.dueBefore === 'deployment';
  return {
    pack,
    kind: 'obligation',
    id: c.id,
    source: c.source,
    enforcement: `${from}; ${gate ? blocks(c) : `timer: due ${c.dueBefore} after approval`}`,
    events: gate
      ? ['system.approved', 'condition.satisfied', 'system.deployed']
      : ['system.approved', 'condition.satisfied', 'condition.overdue'],
  };
}

function conditionItems(pack: PolicyPack): TraceItem[] {
  const items = new Map<string, TraceItem>();
  const add = (c: ApprovalCondition, from: string) => {
    if (!items.has(c.id)) items.set(c.id, obligation(pack.name, c, from));
  };
  for (const tier of ReviewTier.options) for (const c of pack.tiers[tier].conditions) add(c, `${tier} tier`);
  for (const x of pack.extraConditions) add(x.condition, 'when the proposal matches');
  for (const q of pack.screening?.questions ?? []) for (const c of q.ifYes.conditions) add(c, `a yes to ${q.id}`);
  const tdc = pack.trainingDataCompleteness;
  if (tdc) add(tdc.condition, 'when the training-data summary is incomplete');
  for (const c of pack.derogation?.conditions ?? []) add(c, 'while a derogation is claimed');
  for (const c of pack.derogation?.accepted?.conditions ?? []) add(c, 'once a derogation is accepted');
  return [...items.values()];
}

function derogationItems(pack: PolicyPack): TraceItem[] {
  const d = pack.derogation;
  if (!d) return [];
  const lowers = d.accepted ? `accepted by a voting committee member (acceptDerogation): re-assessed at ${d.accepted.tier}` : 'recorded; the tier stays';
  return [{
    pack: pack.name,
    kind: 'derogation',
    id: 'derogation',
    source: d.source,
    enforcement: `grounds ${d.grounds.join(', ')}; ${lowers}; never for a system that profiles people`,
    events: ['risk.assessed', 'derogation.accepted'],
  }];
}

function screeningItems(pack: PolicyPack): TraceItem[] {
  const s = pack.screening;
  if (!s) return [];
  const questions = s.questions.map((q): TraceItem => {
    const y = q.ifYes;
    const effect = y.prohibited
      ? 'a yes prohibits'
      : y.minTier
        ? `a yes sets at least ${y.minTier}`
        : 'a yes adds duties';
    const e = y.exemption;
    const exempt = e ? `; its duties not when ${[...e.answeredYes.map((id) => `yes to ${id}`), ...e.practices.map((x) => `practice ${x}`)].join(' or ')} (${e.source})` : '';
    return {
      pack: pack.name,
      kind: 'question',
      id: q.id,
      source: q.source,
      enforcement: `${effect}${exempt}; unanswered is refused (400)`,
      events: ['system.proposed', 'risk.assessed'],
    };
  });
  const flags = s.flags.map((f): TraceItem => ({
    pack: pack.name,
    kind: 'flag',
    id: f.id,
    source: f.source,
    enforcement: `text against the answer to ${f.question}; sets at least ${f.minTier}`,
    events: ['risk.assessed', 'review.opened'],
  }));
  return [...questions, ...flags];
}

/** Every rule and duty of a pack as matrix lines, in pack order. Pure. */
export function traceItems(pack: PolicyPack): TraceItem[] {
  const rules = pack.rules.map((r): TraceItem => ({
    pack: pack.name,
    kind: 'rule',
    id: r.id,
    source: r.source,
    enforcement: `+${r.score} ${r.pillar}${r.minTier ? `, at least ${r.minTier}` : ''}`,
    events: ['risk.assessed'],
  }));
  const prohibitions = pack.prohibitedUses.map((u): TraceItem => ({
    pack: pack.name,
    kind: 'prohibition',
    id: u.id,
    source: u.source,
    enforcement: 'tier prohibited: no review can approve',
    events: ['risk.assessed', 'system.rejected'],
  }));
  const sector: TraceItem = {
    pack: pack.name,
    kind: 'sector',
    id: 'high-impact-sectors',
    source: pack.highImpactSectors.source,
    enforcement: `${pack.highImpactSectors.sectors.join(', ')}: at least ${pack.highImpactSectors.minTier}`,
    events: ['risk.assessed'],
  };
  const tdc = pack.trainingDataCompleteness;
  if (tdc)
    rules.push({
      pack: pack.name,
      kind: 'rule',
      id: tdc.id,
      source: tdc.source,
      enforcement: `+${tdc.score} ${tdc.pillar} per incomplete summary, naming each missing part`,
      events: ['risk.assessed'],
    });
  const tr = pack.transparencyReport;
  const report: TraceItem[] = tr
    ? [
        {
          pack: pack.name,
          kind: 'report',
          id: 'transparency-report',
          source: tr.source,
          enforcement: `timer: every ${tr.cadence}, grace ${tr.grace}`,
          events: ['report.transparency_due', 'report.transparency_submitted', 'report.transparency_overdue'],
        },
      ]
    : [];
  return [...rules, ...prohibitions, sector, ...screeningItems(pack), ...derogationItems(pack), ...conditionItems(pack), ...report];
}
