import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { DomainError, ErrorCode } from '../../domain/errors.ts';
import { servesSystem, type ServiceAccounts } from '../../domain/service-accounts.ts';
import type { DecisionRecord } from '../../events/decision-record.ts';
import { DecisionBatch, DecisionReceipt } from '../../wire/decisions.ts';
import type { AuthEnv } from '../auth.ts';
import { errorResponses, jsonBody, jsonContent } from './openapi-helpers.ts';

/** What the ingest route needs: which service may log for which system, and the decisions topic. */
export interface DecisionIngest {
  readonly services: ServiceAccounts;
  /** Puts the records on the decisions topic (idempotent producer, acks=all); `logger` is the service's id. */
  publish(records: readonly DecisionRecord[], logger: string): Promise<void>;
}

const route = createRoute({
  method: 'post',
  path: '/v1/decisions',
  tags: ['decisions'],
  summary: 'Log a batch of decisions of a deployed system',
  description:
    'For services that are not on Kafka. The token is the service\'s own (client credentials, role `decision_logger`) and ' +
    'the service account must be tied to every record\'s system. The batch is accepted whole (202, on the decisions ' +
    'topic) or refused whole, naming each bad record by index and field (`records[3].inputDigest`).',
  security: [{ bearer: [] }],
  request: { body: jsonBody(DecisionBatch) },
  responses: {
    202: { description: 'accepted: on the decisions topic, to be stored and checked', content: jsonContent(DecisionReceipt) },
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

/** Registers POST /v1/decisions. */
export function registerDecisionIngestRoute(app: OpenAPIHono<AuthEnv>, ingest: DecisionIngest): void {
  app.openapi(route, async (c) => {
    const { records } = c.req.valid('json');
    const caller = c.get('caller');
    // The service's role exactly: an administrator is a person, and people do not log a model's decisions.
    if (!caller.roles.includes('decision_logger')) {
      throw new DomainError(ErrorCode.forbidden, `${caller.sub} is not a decision-logging service (role decision_logger)`);
    }
    const foreign = records.flatMap((r, i) =>
      servesSystem(ingest.services, caller.sub, r.systemId) ? [] : [{ path: `records[${i}].systemId`, message: `${caller.sub} is not tied to system ${r.systemId}` }],
    );
    if (foreign.length > 0) {
      throw new DomainError(ErrorCode.forbidden, `${caller.sub} may not log for: ${foreign.map((f) => `${f.path}`).join(', ')}`, foreign);
    }
    await ingest.publish(records, caller.sub);
    return c.json({ accepted: records.length, ids: records.map((r) => `${r.systemId}:${r.decisionId}`) }, 202);
  });
}
