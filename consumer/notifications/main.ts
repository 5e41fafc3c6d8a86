import { join } from 'node:path';
import { createKafka, ensureTopic } from '../../adapters/kafka.ts';
import { stopWhenParentExits } from '../../adapters/parent-process.ts';
import { kafkaSecurity } from '../../adapters/server-credentials.ts';
import { loadVerifierKeys } from '../../adapters/signing-keys.ts';
import { loadWebhookTargets } from '../../adapters/webhook-targets.ts';
import { loadConfigOrExit } from '../../config/config.ts';
import { smtpSettings } from '../../config/notify.ts';
import { loadContactDirectory } from './contacts.ts';
import { createEmailSender } from './email-sender.ts';
import { openDeliveryLedger } from './ledger.ts';
import { createNotifier } from './notifier.ts';
import { createWebhookSender } from './webhook-sender.ts';

/** The notifications process: reads the lifecycle topic and sends emails and signed webhooks until SIGINT or SIGTERM. */
const config = loadConfigOrExit();
const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const publicUrl = config.GOVFLOW_PUBLIC_URL ?? `http://${config.GOVFLOW_API_HOST}:${config.GOVFLOW_API_PORT}`;
const smtp = smtpSettings(config);
/** The webhook targets and the contacts, or every reason they are refused and exit code 2, before anything starts. */
async function loadAddressees() {
  try {
    const targets = await loadWebhookTargets({
      urls: config.GOVFLOW_WEBHOOK_URLS,
      secrets: config.GOVFLOW_WEBHOOK_SECRETS,
      file: config.GOVFLOW_WEBHOOK_FILE,
      production: config.GOVFLOW_ENV === 'production',
    });
    const contactsFile = config.GOVFLOW_NOTIFY_CONTACTS ?? join(config.GOVFLOW_POLICY_DIR, 'accounts', 'contacts.yaml');
    return { targets, contacts: await loadContactDirectory(contactsFile, config.GOVFLOW_POLICY_DIR) };
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
}
const { targets, contacts } = await loadAddressees();
const kafka = createKafka({
  brokers: config.GOVFLOW_KAFKA_BROKERS,
  clientId: `${config.GOVFLOW_KAFKA_CLIENT_ID}-notifications`,
  logLevel: config.GOVFLOW_KAFKA_LOG_LEVEL,
  ...kafkaSecurity(config),
});
// The engine's topic, made as the worker makes it, so a notifier that starts first does not crash on a missing topic.
const admin = kafka.admin();
await admin.connect();
try {
  const spec = { partitions: config.GOVFLOW_TOPIC_PARTITIONS, replication: config.GOVFLOW_TOPIC_REPLICATION };
  await ensureTopic(admin, { topic: config.GOVFLOW_TOPIC, ...spec });
} finally {
  await admin.disconnect();
}
const eventKeys = await loadVerifierKeys({ trustedFile: config.GOVFLOW_TRUSTED_EVENT_KEYS, keyFile: config.GOVFLOW_EVENT_KEY_FILE });
const ledger = openDeliveryLedger(config.GOVFLOW_NOTIFY_DB ?? join(config.GOVFLOW_STATE_DIR, 'notifications.sqlite'));
const email = smtp ? createEmailSender({ smtp, contacts, publicUrl }) : undefined;
const notifier = createNotifier({
  kafka,
  groupId: config.GOVFLOW_NOTIFY_GROUP,
  topic: config.GOVFLOW_TOPIC,
  trustedKeys: eventKeys.trusted,
  ledger,
  contacts,
  email,
  webhooks: targets.length > 0 ? { sender: createWebhookSender({ targets, publicUrl }), targets: targets.map((t) => t.id) } : undefined,
  maxAgeSeconds: config.GOVFLOW_NOTIFY_MAX_AGE,
  maxAttempts: config.GOVFLOW_NOTIFY_MAX_ATTEMPTS,
  onOutcome: (d, outcome, error) => {
    if (outcome !== 'sent') process.stderr.write(`notification ${d.channel} ${d.eventId} -> ${d.recipient}: ${outcome}: ${error}\n`);
  },
});
let stopping: Promise<void> | undefined;
const stop = (): void => {
  stopping ??= notifier
    .stop()
    .then(() => {
      email?.close();
      ledger.close();
      say('notifications stopped');
    })
    .catch((err: Error) => void process.stderr.write(`notifications: ${err.message}\n`));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
stopWhenParentExits(stop);
await notifier.start();
say(
  `notifications reading ${config.GOVFLOW_TOPIC} (group ${config.GOVFLOW_NOTIFY_GROUP}): ` +
    `email ${smtp ? `via ${smtp.host}:${smtp.port} (${smtp.tls})` : 'off (GOVFLOW_SMTP_URL unset)'}, ` +
    `webhooks ${targets.length > 0 ? targets.map((t) => t.id).join(', ') : 'off (GOVFLOW_WEBHOOK_URLS unset)'}, ` +
    `${contacts.size} contacts; links to ${publicUrl}/console`,
);
