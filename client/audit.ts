import type { Kafka } from 'kafkajs';
import { stringify } from 'csv-stringify/sync';
import { decodeMessage } from '../consumer/governance-consumer.ts';
import { readTopicToEnd } from '../consumer/read-to-end.ts';
import { verifyChain, type ChainProblem } from '../events/chain.ts';
import type { GovernanceEvent } from '../events/envelope.ts';
import { TRAIL_COLUMNS, trailRow } from '../events/trail-row.ts';
import type { TrustedKeys } from '../events/keyring.ts';
import { headProblems, type WorkflowHead } from './workflow-head.ts';
import { Checkpoint, checkpointIsSigned } from '../events/checkpoint.ts';

/** Where to read a system's trail. */
export interface AuditSource {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly systemId: string;
}

/** A record keyed by the system that is not a governance event at all. */
export interface UnreadableRecord {
  readonly partition: number;
  readonly offset: string;
  readonly reason: string;
}

/** A system's trail as found on the topic. */
export interface SystemTrail {
  readonly events: GovernanceEvent[];
  readonly unreadable: UnreadableRecord[];
}

/**
 * Reads every record of a system from the start of the topic up to the high-water marks of the moment of the
 * call, in topic order. Envelopes are checked but data is not, so a tampered payload still reaches the chain check.
 */
export async function readSystemTrail(src: AuditSource, timeoutMs = 60_000): Promise<SystemTrail> {
  const byPartition = new Map<number, SystemTrail>();
  await readTopicToEnd({
    kafka: src.kafka,
    topic: src.topic,
    timeoutMs,
    onMessage: (partition, message) => {
      if (message.key?.toString() !== src.systemId) return;
      const slot = byPartition.get(partition) ?? { events: [], unreadable: [] };
      byPartition.set(partition, slot);
      const decoded = decodeMessage(message, { typed: false });
      if (decoded.ok) slot.events.push(decoded.event);
      else slot.unreadable.push({ partition, offset: message.offset, reason: decoded.reason });
    },
  });
  const slots = [...byPartition.values()];
  return { events: slots.flatMap((s) => s.events), unreadable: slots.flatMap((s) => s.unreadable) };
}

/** A system's events from the start of the topic up to now. */
export async function readSystemEvents(src: AuditSource): Promise<GovernanceEvent[]> {
  return (await readSystemTrail(src)).events;
}

/** The verdict of an audit: the chain's problems, the records that are not events, and the events read. */
export interface AuditReport {
  readonly systemId: string;
  readonly ok: boolean;
  /** Distinct events accepted as the engine's (exact redelivered copies counted once). */
  readonly events: number;
  /** Events set aside as not the engine's (unsigned, unknown key, bad signature, broken hash) or conflicting. */
  readonly quarantined: number;
  readonly redeliveries: number;
  readonly problems: ChainProblem[];
  readonly unreadable: UnreadableRecord[];
}

/**
 * How to verify a trail: the trusted event keys, and the expected head when known (catches a dropped tail). With
 * `workflow` (read from Temporal: null when no workflow exists) the topic is anchored to the workflow's own head.
 */
export interface TrailCheck {
  readonly keys: TrustedKeys;
  readonly head?: { sequence: number; hash?: string };
  readonly workflow?: WorkflowHead | null;
  /** The system's last signed checkpoint, when read from the checkpoint topic: the topic must reach it. */
  readonly checkpoint?: Checkpoint;
}

/** The last checkpoint of a system signed by a trusted key, read from the checkpoint topic (undefined if none). */
export async function readLastCheckpoint(src: AuditSource & { keys: TrustedKeys }): Promise<Checkpoint | undefined> {
  let last: Checkpoint | undefined;
  // A deployment without a checkpoint topic has no checkpoints: not an error, just less to anchor to.
  const admin = src.kafka.admin();
  await admin.connect();
  const exists = await admin.listTopics().then((t) => t.includes(src.topic)).finally(() => admin.disconnect());
  if (!exists) return undefined;
  await readTopicToEnd({
    kafka: src.kafka,
    topic: src.topic,
    onMessage: (_p, message) => {
      if (message.key?.toString() !== src.systemId || !message.value) return;
      const parsed = Checkpoint.safeParse(safeJson(message.value.toString('utf8')));
      if (!parsed.success || parsed.data.subject !== src.systemId || !checkpointIsSigned(parsed.data, src.keys)) return;
      if (!last || parsed.data.data.sequence > last.data.sequence) last = parsed.data;
    },
  });
  return last;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A topic that does not reach the signed checkpoint, or holds another event there, was truncated or rewritten. */
function checkpointProblems(systemId: string, accepted: readonly { sequence: number; hash: string }[], c?: Checkpoint): ChainProblem[] {
  if (!c) return [];
  const at = accepted.find((e) => e.sequence === c.data.sequence);
  if (at?.hash === c.data.headhash) return [];
  const detail = at
    ? `the event at the signed checkpoint ${c.data.sequence} (${c.time}) differs from it`
    : `the topic does not reach the signed checkpoint at sequence ${c.data.sequence} (${c.time}): truncated`;
  return [{ systemId, sequence: c.data.sequence, kind: at ? 'head_mismatch' : 'gap', detail }];
}

/** Verifies a trail: only events signed by a trusted key count; the rest are problems with their reason. */
export function verifyTrail(systemId: string, trail: SystemTrail, check: TrailCheck): AuditReport {
  const own = trail.events.filter((e) => e.subject === systemId);
  const wf = check.workflow;
  const head = check.head ?? (wf ? { sequence: wf.sequence, ...(wf.lastHash ? { hash: wf.lastHash } : {}) } : undefined);
  const verdict = verifyChain(own, { keys: check.keys, ...(head ? { heads: { [systemId]: head } } : {}) });
  const anchored = wf === undefined ? [] : headProblems(systemId, wf ?? undefined, verdict.accepted.length + verdict.quarantined.length);
  const foreign: ChainProblem[] = trail.events
    .filter((e) => e.subject !== systemId)
    .map((e) => ({
      systemId,
      sequence: e.sequence,
      kind: 'wrong_subject',
      detail: `record keyed ${systemId} carries subject ${e.subject}`,
    }));
  const problems = [...verdict.problems, ...anchored, ...checkpointProblems(systemId, verdict.accepted, check.checkpoint), ...foreign];
  return {
    systemId,
    ok: problems.length === 0 && trail.unreadable.length === 0,
    events: verdict.accepted.length,
    quarantined: own.length - verdict.accepted.length - verdict.redeliveries,
    redeliveries: verdict.redeliveries,
    problems,
    unreadable: trail.unreadable,
  };
}

/** Reads a system's trail from the topic and verifies its chain and signatures. */
export async function verifySystem(src: AuditSource & TrailCheck): Promise<AuditReport> {
  return verifyTrail(src.systemId, await readSystemTrail(src), src);
}

/** A system's events from the topic that are the engine's (signed by a trusted key, intact), each once. */
export async function readVerifiedEvents(src: AuditSource & { keys: TrustedKeys }): Promise<{
  events: GovernanceEvent[];
  problems: ChainProblem[];
}> {
  const { events } = await readSystemTrail(src);
  const verdict = verifyChain(
    events.filter((e) => e.subject === src.systemId),
    { keys: src.keys },
  );
  const accepted = (verdict.accepted as GovernanceEvent[]).slice().sort((a, b) => a.sequence - b.sequence);
  return { events: accepted, problems: verdict.problems };
}

/** Exports a trail for an auditor: JSON (rows with the full events) or CSV (the rows); exact copies appear once. */
export function exportTrail(events: readonly GovernanceEvent[], format: 'json' | 'csv'): string {
  const distinct = [...new Map(events.map((e) => [`${e.id}/${e.hash}`, e])).values()];
  const ordered = distinct.sort((a, b) => a.subject.localeCompare(b.subject) || a.sequence - b.sequence);
  if (format === 'json')
    return `${JSON.stringify(
      ordered.map((e) => ({ ...trailRow(e), event: e })),
      null,
      2,
    )}\n`;
  return stringify(ordered.map(trailRow), {
    header: true,
    columns: [...TRAIL_COLUMNS],
  });
}
