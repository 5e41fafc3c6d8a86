import { z } from 'zod';
import { stringify } from 'yaml';
import { catalogue, type CatalogueEntry } from './catalogue.ts';
import { SYSTEM_ID_PATTERN } from '../domain/proposal.ts';
import { CLOUDEVENTS_CONTENT_TYPE, GovernanceEvent } from './envelope.ts';
import { APPROVAL_PREDICATE_TYPE, ApprovalPredicate } from './attestation.ts';
import { decisionContractFiles } from './decision-contracts.ts';

/** The topic every lifecycle event is published to. */
export const LIFECYCLE_TOPIC = 'ai-governance.lifecycle.v1';
/** The topic's layout as govflow creates it by default (config can change both). */
export const LIFECYCLE_TOPIC_LAYOUT = { partitions: 6, replicas: 1 } as const;

/** One generated contract file: its path in the repository and its content. */
export interface ContractFile {
  readonly path: string;
  readonly content: string;
}

const schemaId = (name: string): string => `urn:govflow:events:${name}`;

/** The JSON Schema (2020-12) of one event type's envelope, or of the generic envelope. */
export function envelopeJsonSchema(entry?: CatalogueEntry): Record<string, unknown> {
  const schema = z.toJSONSchema(entry?.envelopeSchema ?? GovernanceEvent, { target: 'draft-2020-12', io: 'output' });
  return {
    $schema: schema.$schema,
    $id: schemaId(entry?.type ?? 'envelope'),
    title: entry?.type ?? 'govflow governance event (any type)',
    description: entry
      ? `${entry.when} Data: ${entry.data}`
      : 'CloudEvents 1.0 structured-mode envelope with the audit-chain extensions.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The JSON Schema of the approval attestation's predicate (`urn:govflow:attestation:approval:v1`). */
export function approvalPredicateJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ApprovalPredicate, { target: 'draft-2020-12', io: 'output' });
  return {
    $schema: schema.$schema,
    $id: APPROVAL_PREDICATE_TYPE,
    title: 'govflow approval attestation predicate',
    description:
      'The predicate of an in-toto Statement v1 (in a DSSE envelope signed with the engine event key) attesting that a model version was approved.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => !['$schema', 'title', 'id'].includes(k))),
  };
}

const messageName = (entry: CatalogueEntry): string =>
  entry.short.replace(/[._]([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The AsyncAPI 3.0 document of the lifecycle topic: one message per event type, Kafka bindings on key and layout. */
export function asyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const entry of catalogue) {
    const payload = z.toJSONSchema(entry.envelopeSchema, { target: 'draft-7', io: 'output' });
    delete payload.$schema;
    messages[messageName(entry)] = {
      name: entry.type,
      title: entry.short,
      summary: entry.when,
      description: `${entry.when}\n\nData: ${entry.data}`,
      contentType: CLOUDEVENTS_CONTENT_TYPE,
      headers: { $ref: '#/components/schemas/headers' },
      payload,
      bindings: { kafka: { key: { $ref: '#/components/schemas/systemId' }, bindingVersion: '0.5.0' } },
    };
  }
  const refs = Object.fromEntries(Object.keys(messages).map((m) => [m, { $ref: `#/components/messages/${m}` }]));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'govflow lifecycle events',
      version: '1.0.0',
      description:
        'Every step of every AI system lifecycle, as CloudEvents 1.0 in structured JSON mode. Key = systemId, so one ' +
        'system stays on one partition in sequence order. Consumers dedupe by `id` and verify the chain: `sequence` ' +
        'is gapless per system from 1, `hash` is SHA-256 (hex) of the RFC 8785 canonical JSON of the event without ' +
        "`hash`, and `prevhash` is the previous event's hash (empty for sequence 1).",
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: { local: { host: 'localhost:9092', protocol: 'kafka', description: 'The local development broker.' } },
    channels: {
      lifecycle: {
        address: LIFECYCLE_TOPIC,
        description: 'One topic for all lifecycle events; undecodable messages found by consumers go to `<topic>.dlq`.',
        messages: refs,
        bindings: {
          kafka: {
            topic: LIFECYCLE_TOPIC,
            partitions: LIFECYCLE_TOPIC_LAYOUT.partitions,
            replicas: LIFECYCLE_TOPIC_LAYOUT.replicas,
            bindingVersion: '0.5.0',
          },
        },
      },
    },
    operations: {
      publishLifecycleEvents: {
        action: 'send',
        summary: 'govflow publishes each lifecycle event once it is decided (idempotent producer, acks=all).',
        channel: { $ref: '#/channels/lifecycle' },
        messages: Object.keys(messages).map((m) => ({ $ref: `#/channels/lifecycle/messages/${m}` })),
        bindings: { kafka: { clientId: { type: 'string', const: 'govflow' }, bindingVersion: '0.5.0' } },
      },
    },
    components: {
      schemas: {
        systemId: {
          type: 'string',
          pattern: SYSTEM_ID_PATTERN.source,
          description: 'The AI system id; the record key.',
        },
        headers: {
          type: 'object',
          properties: { 'content-type': { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE } },
          required: ['content-type'],
        },
      },
      messages,
    },
  };
}

/** The catalogue page: every event with when it is emitted, what its data means, and where its schema is. */
export function catalogueMarkdown(): string {
  const lines = [
    '# Event catalogue (v1)',
    '',
    '<!-- Generated by `npm run contracts` from events/catalogue.ts; do not edit by hand. -->',
    '',
    `All events are published to the Kafka topic \`${LIFECYCLE_TOPIC}\`, key = systemId, as CloudEvents 1.0 in`,
    `structured JSON mode (header \`content-type: ${CLOUDEVENTS_CONTENT_TYPE}\`). See [consumers.md](consumers.md)`,
    'for the envelope and the audit chain; the machine-readable contracts are `contracts/asyncapi.yaml` and',
    '`contracts/jsonschema/<type>.json`.',
    '',
    '| type | entity | when |',
    '| --- | --- | --- |',
    ...catalogue.map((e) => `| [\`${e.type}\`](#${anchor(e.type)}) | ${e.entity} | ${e.when} |`),
    '',
  ];
  for (const e of catalogue) {
    lines.push(`## ${e.type}`, '', `- **Entity**: ${e.entity}`, `- **When**: ${e.when}`, `- **Data**: ${e.data}`);
    lines.push(`- **Data fields**: ${fieldList(e)}`, `- **Schema**: \`contracts/jsonschema/${e.type}.json\``, '');
  }
  return lines.join('\n');
}

function fieldList(entry: CatalogueEntry): string {
  const schema = z.toJSONSchema(entry.dataSchema, { io: 'output' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  return Object.keys(schema.properties ?? {})
    .map((k) => (required.has(k) ? `\`${k}\`` : `\`${k}\`?`))
    .join(', ');
}

const anchor = (type: string): string => type.replace(/[^a-z0-9_ -]/g, '').replace(/ /g, '-');

/** Every generated contract file, from the schemas alone: deterministic, so a test can detect drift. */
export function buildContracts(): ContractFile[] {
  const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
  return [
    { path: 'contracts/jsonschema/envelope.json', content: json(envelopeJsonSchema()) },
    ...catalogue.map((e) => ({ path: `contracts/jsonschema/${e.type}.json`, content: json(envelopeJsonSchema(e)) })),
    {
      path: 'contracts/asyncapi.yaml',
      content: `# Generated by \`npm run contracts\` from events/; do not edit by hand.\n${stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false })}`,
    },
    { path: 'docs/events.md', content: catalogueMarkdown() },
    { path: 'contracts/jsonschema/attestation.approval.v1.json', content: json(approvalPredicateJsonSchema()) },
    ...decisionContractFiles(),
  ];
}
