import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka.ts';
import { kafkaSecurity, temporalConnectOptions } from '../../adapters/server-credentials.ts';
import { loadVerifierKeys } from '../../adapters/signing-keys.ts';
import { Client, Connection } from '@temporalio/client';
import { readWorkflowHead, type WorkflowHead } from '../../client/workflow-head.ts';
import { exportTrail, readLastCheckpoint, readSystemTrail, verifyTrail, type AuditReport } from '../../client/audit.ts';
import { loadConfig } from '../../config/config.ts';
import { renderTable } from '../output.ts';
import { ExitCode, UsageError, runAction } from '../run-action.ts';

function auditSource(systemId: string) {
  const config = loadConfig();
  const kafka = createKafka({
    brokers: config.GOVFLOW_KAFKA_BROKERS,
    clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-audit`,
    logLevel: 'nothing',
    ...kafkaSecurity(config),
  });
  return { kafka, topic: config.GOVFLOW_TOPIC, systemId, config };
}

/** The event keys `audit verify` trusts: GOVFLOW_TRUSTED_EVENT_KEYS (a JWKS), else the local key file's public keys. */
async function trustedEventKeys(config: ReturnType<typeof loadConfig>) {
  return (await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS, keyFile: config.GOVFLOW_EVENT_KEY_FILE })).trusted;
}

/** The workflow's head from Temporal (null when there is no workflow); a clear error when Temporal is unreachable. */
async function workflowHead(config: ReturnType<typeof loadConfig>, systemId: string): Promise<WorkflowHead | null> {
  const connection = await Connection.connect({ ...temporalConnectOptions(config), connectTimeout: 5_000 }).catch(
    (e: unknown) => {
      throw new Error(`Temporal not reachable at ${config.GOVFLOW_TEMPORAL_ADDRESS} (${String(e)}); pass --offline to verify the topic alone`);
    },
  );
  try {
    return (await readWorkflowHead(new Client({ connection, namespace: config.GOVFLOW_TEMPORAL_NAMESPACE }), systemId)) ?? null;
  } finally {
    await connection.close();
  }
}

/** The text of an audit verdict: one line when intact, else a table of every problem. */
export function renderAuditReport(report: AuditReport): string {
  const copies = report.redeliveries > 0 ? ` (and ${report.redeliveries} redelivered copies)` : '';
  if (report.ok) return `${report.systemId}: chain intact and signed, ${report.events} events${copies}`;
  const rows = [
    ...report.problems.map((p) => ({ sequence: p.sequence, kind: p.kind, detail: p.detail })),
    ...report.unreadable.map((u) => ({
      sequence: '-',
      kind: 'unreadable',
      detail: `partition ${u.partition} offset ${u.offset}: ${u.reason}`,
    })),
  ];
  return [
    `${report.systemId}: chain BROKEN, ${report.events} signed events${copies}, ${report.quarantined} quarantined, ${rows.length} problems`,
    renderTable(rows, [
      { header: 'seq', value: (r) => r.sequence },
      { header: 'kind', value: (r) => r.kind },
      { header: 'detail', value: (r) => r.detail },
    ]),
  ].join('\n');
}

/** `govflow audit verify|export <systemId>`: read a system's trail from the topic, verify or export it. */
export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description("verify or export a system's audit trail, read from the event topic");
  audit
    .command('verify <systemId>')
    .description('check that the chain of events is signed by a trusted key, gapless, unaltered and in order (exit 1 if not)')
    .option('--json', 'print the verdict as JSON')
    .option('--offline', "verify the topic alone, without anchoring it to the workflow's head in Temporal")
    .action(
      runAction(async (systemId: string, opts: { json?: boolean; offline?: boolean }) => {
        const src = auditSource(systemId);
        const keys = await trustedEventKeys(src.config);
        const workflow = opts.offline ? undefined : await workflowHead(src.config, systemId);
        // Without Temporal, the last signed checkpoint still anchors the topic.
        const checkpoint = await readLastCheckpoint({ ...src, topic: src.config.GOVFLOW_CHECKPOINT_TOPIC, keys });
        const report = verifyTrail(systemId, await readSystemTrail(src), {
          keys,
          ...(workflow === undefined ? {} : { workflow }),
          ...(checkpoint ? { checkpoint } : {}),
        });
        // "No events" only when the topic holds no record of the system at all: a trail of forgeries alone (an
        // invented lifecycle) is reported as broken, with each one named.
        if (report.events === 0 && report.quarantined === 0 && report.problems.length === 0 && report.unreadable.length === 0) {
          process.stderr.write(`${systemId}: no events on the topic\n`);
          process.exitCode = ExitCode.notFound;
          return;
        }
        process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : renderAuditReport(report)}\n`);
        if (!report.ok) process.exitCode = 1;
      }),
    );
  audit
    .command('export <systemId>')
    .description('export the trail: who, what, when, why, policy version, hashes')
    .option('--format <format>', 'json or csv', 'json')
    .option('--out <file>', 'write to a file instead of standard output')
    .action(
      runAction(async (systemId: string, opts: { format: string; out?: string }) => {
        if (opts.format !== 'json' && opts.format !== 'csv')
          throw new UsageError(`--format must be json or csv, not ${opts.format}`);
        const { events } = await readSystemTrail(auditSource(systemId));
        const text = exportTrail(events, opts.format);
        if (opts.out) await writeFile(opts.out, text);
        else process.stdout.write(text);
      }),
    );
}
