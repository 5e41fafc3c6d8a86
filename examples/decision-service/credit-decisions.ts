// An example deployed service: a small credit-scoring model that logs every decision it makes to govflow's decision
// trail, through the Kafka helper or over HTTP. The tests run it against the real broker and API.
import { digestOf, type DecisionInput } from '../../client/decision-logger.ts';

/** An application as the service receives it: personal data that must never leave the service. */
export interface Application {
  readonly applicantId: string;
  readonly name: string;
  readonly income: number;
  readonly debts: number;
}

/** Where the service's decisions go: the Kafka helper (`createDecisionLogger`) or the HTTP log below. */
export interface DecisionSink {
  log(decision: DecisionInput): Promise<void>;
}

/** A person's review of one decision: who, and whether they overrode the model. */
export interface Review {
  readonly by: string;
  readonly override: boolean;
}

/** The model: approve when debts are under 40% of income; confidence grows with the distance from the line. */
export function score(a: Application): { output: 'approve' | 'decline'; confidence: number } {
  const ratio = a.income <= 0 ? 1 : a.debts / a.income;
  return { output: ratio < 0.4 ? 'approve' : 'decline', confidence: Math.min(1, 0.5 + Math.abs(0.4 - ratio)) };
}

/** The service: decides an application and logs the decision, its input only as a digest. */
export function createCreditService(sink: DecisionSink) {
  let n = 0;
  return {
    async decide(a: Application, review?: Review): Promise<{ decisionId: string; output: string }> {
      const { output, confidence } = score(a);
      n += 1;
      const decisionId = `${a.applicantId}-${n}`;
      await sink.log({
        decisionId,
        decidedAt: new Date().toISOString(),
        inputDigest: digestOf(a),
        // A pseudonymous digest counts people affected against the declared scale; the id itself never leaves.
        subjectDigest: digestOf({ applicant: a.applicantId }),
        output,
        confidence,
        review: review ? { reviewed: true, overridden: review.override, by: review.by } : { reviewed: false, overridden: false },
        explanationRef: `urn:credit-service:explanations:${decisionId}`,
      });
      return { decisionId, output: review?.override ? (output === 'approve' ? 'decline' : 'approve') : output };
    },
  };
}

/**
 * The decision log for a service that is not on Kafka: batches go to `POST /v1/decisions` with the service's
 * client-credentials token; a refused batch throws with the API's reason (each bad record named by index and field).
 */
export function createHttpDecisionLog(opts: {
  apiUrl: string;
  token: () => Promise<string>;
  systemId: string;
  version: string;
  /** How requests are made; the global fetch by default. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}) {
  const send = opts.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const pending: DecisionInput[] = [];
  return {
    async log(decision: DecisionInput): Promise<void> {
      pending.push(decision);
    },
    async flush(): Promise<{ status: number; body: unknown }> {
      const records = pending.splice(0).map((d) => ({ ...d, systemId: opts.systemId, modelVersion: opts.version }));
      const res = await send(`${opts.apiUrl}/v1/decisions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await opts.token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records }),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}
