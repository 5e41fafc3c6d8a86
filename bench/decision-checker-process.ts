// The checking consumer alone in a process of its own, so its memory is measured without the bench around it.
// Reads its settings from the environment the bench gives it; answers `stats` messages over IPC.
import { createKafka } from '../adapters/kafka.ts';
import { openDecisionStore } from '../adapters/read-db/decision-store.ts';
import { openReadDb } from '../adapters/read-db/open-read-db.ts';
import { createDecisionChecker } from '../consumer/decision-checker.ts';
import { openReadSide } from '../consumer/read-side/read-side.ts';
import { defaultDecisionTrail } from '../domain/policy-pack.ts';

const env = process.env;
const kafka = createKafka({ brokers: (env.BENCH_BROKERS ?? '').split(','), clientId: 'govflow-bench-checker', logLevel: 'nothing' });
const db = await openReadDb({ url: env.BENCH_READ_DB_URL || undefined, stateDir: env.BENCH_STATE_DIR! });
const readSide = await openReadSide(db);
const store = await openDecisionStore(db);
const checker = createDecisionChecker({
  kafka, groupId: env.BENCH_GROUP!, topic: env.BENCH_TOPIC!, store, actor: 'svc-decision-checker',
  recorder: { recordDecisionViolation: async () => undefined, recordOversightReview: async () => undefined },
  stateOf: (id) => readSide.state(id),
  trailOf: async () => defaultDecisionTrail,
  // When each paced record (`-lat-` in its id) was judged, for the check latency.
  onChecked: (records, at) => {
    for (const r of records) if (r.decisionId.includes('-lat-')) judgedAt.set(r.decisionId, at);
  },
});
const judgedAt = new Map<string, number>();
await checker.start();
process.on('message', (m) => {
  if (m === 'stats') process.send!({ stats: checker.stats(), rss: process.memoryUsage().rss });
  if (m === 'latencies') process.send!({ judgedAt: Object.fromEntries(judgedAt) });
  if (m === 'stop') void checker.stop().then(() => db.close()).then(() => process.exit(0));
});
process.send!({ ready: true });
