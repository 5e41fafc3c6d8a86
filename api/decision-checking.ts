import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DecisionStore } from '../adapters/decision-store.ts';
import { loadPackInForce } from '../adapters/policy-files.ts';
import type { ReadDb } from '../adapters/read-db/read-db.ts';
import type { GovernanceClient } from '../client/governance-client.ts';
import { allowsTestingPacks, type Config } from '../config/config.ts';
import { createDecisionChecker, type DecisionChecker } from '../consumer/decision-checker.ts';
import type { ReadSide } from '../consumer/read-side/read-side.ts';
import type { LifecycleState } from '../domain/lifecycle/state.ts';
import { defaultDecisionTrail, type DecisionTrailPolicy } from '../domain/policy-pack.ts';

/** How often the API drops decisions past retention (and once at start). */
const SWEEP_MS = 60 * 60 * 1000;

/** Whole months of a `P<n>M` retention. */
export const retentionMonthsOf = (retention: string): number => Number(/^P(\d+)M$/.exec(retention)?.[1] ?? '6');

/** The pack's decision-trail settings of a system (its own pack, else the default), each pack loaded once. */
export function createTrailLookup(config: Config): (s: LifecycleState | undefined) => Promise<DecisionTrailPolicy> {
  const packs = new Map<string, Promise<DecisionTrailPolicy>>();
  return (s) => {
    const name = s?.policyPack ?? config.GOVFLOW_POLICY_PACK;
    let trail = packs.get(name);
    if (!trail) {
      trail = loadPackInForce(config.GOVFLOW_POLICY_DIR, name, allowsTestingPacks(config)).then((p) => p.decisionTrail ?? defaultDecisionTrail);
      // A pack that failed to load is tried again next time rather than remembered as failed.
      trail.catch(() => packs.delete(name));
      packs.set(name, trail);
    }
    return trail;
  };
}

// Stored with the read side's rows, so a fresh database (a new state folder, a rebuilt PostgreSQL) reads the
// decisions topic from the beginning again, while a restart resumes where the group left it.
async function checkerGroupId(db: ReadDb, clientId: string): Promise<string> {
  const key = 'decision_checker_group';
  await db.run('INSERT INTO read_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, `${clientId}-decision-checker-${randomUUID()}`]);
  return (await db.one<{ value: string }>('SELECT value FROM read_meta WHERE key = $1', [key]))!.value;
}

/** What the API process needs to check decisions: the read side it folds, its governance client, the store. */
export interface DecisionCheckingDeps {
  readonly config: Config;
  readonly kafka: Kafka;
  readonly readSide: ReadSide;
  readonly governance: GovernanceClient;
  readonly store: DecisionStore;
  readonly logger: Logger;
}

/**
 * Runs the checking consumer inside the API process: it creates the decisions topic and its dead-letter topic with
 * the lifecycle topic's layout, joins each decision to the read side's state of its system, records findings through
 * the API's governance client (signed with the API's edge key, as the checker's service identity), and drops
 * decisions past the pack's retention (or `GOVFLOW_DECISION_RETENTION`) at start and hourly.
 */
export async function startDecisionChecking(deps: DecisionCheckingDeps): Promise<{ checker: DecisionChecker; stop(): Promise<void> }> {
  const { config, readSide, store, logger } = deps;
  const trailOf = createTrailLookup(config);
  const checker = createDecisionChecker({
    kafka: deps.kafka,
    groupId: await checkerGroupId(readSide.db, config.GOVFLOW_KAFKA_CLIENT_ID),
    topic: config.GOVFLOW_DECISIONS_TOPIC,
    partitions: config.GOVFLOW_TOPIC_PARTITIONS,
    replication: config.GOVFLOW_TOPIC_REPLICATION,
    store,
    recorder: deps.governance,
    actor: config.GOVFLOW_DECISION_CHECKER_ID,
    stateOf: (id) => readSide.state(id),
    trailOf,
  });
  // A topic created a moment ago may not be hosted yet (UNKNOWN_TOPIC_OR_PARTITION): try again for a while.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await checker.start();
      break;
    } catch (err) {
      await checker.stop().catch(() => undefined);
      if (attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
  const override = config.GOVFLOW_DECISION_RETENTION;
  const sweep = async () => {
    try {
      const dropped = await store.dropExpired(new Date(), async (systemId) =>
        retentionMonthsOf(override ?? (await trailOf(await readSide.state(systemId))).retention),
      );
      if (dropped.length > 0) logger.info({ dropped }, `decision trail: dropped ${dropped.length} month(s) past retention`);
    } catch (err) {
      logger.warn({ err }, 'decision trail: retention sweep failed; trying again at the next one');
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), SWEEP_MS);
  timer.unref();
  logger.info({ topic: config.GOVFLOW_DECISIONS_TOPIC }, 'decision checker reading the decisions topic');
  return {
    checker,
    async stop() {
      clearInterval(timer);
      await checker.stop();
    },
  };
}
