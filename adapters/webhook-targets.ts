import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { webhookTargetIssues } from '../config/notify.ts';

/** One receiver of signed webhooks and the secret its signatures are made with. */
export interface WebhookTarget {
  readonly id: string;
  readonly url: string;
  readonly secret: string;
}

const TargetsFile = z.strictObject({
  targets: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase id'),
      url: z.string().min(1),
      secret: z.string().min(1),
    }),
  ),
});

/**
 * The webhook targets: those of GOVFLOW_WEBHOOK_URLS (with GOVFLOW_WEBHOOK_SECRETS) and those of the YAML file, each
 * checked like the variables (http(s), a secret; in production https and a strong secret). An id in both is refused.
 */
export async function loadWebhookTargets(opts: {
  urls?: Record<string, string> | undefined;
  secrets?: Record<string, string> | undefined;
  file?: string | undefined;
  production: boolean;
}): Promise<WebhookTarget[]> {
  const targets: WebhookTarget[] = Object.entries(opts.urls ?? {}).map(([id, url]) => ({ id, url, secret: opts.secrets?.[id] ?? '' }));
  if (opts.file) {
    const parsed = TargetsFile.safeParse(parse(await readFile(opts.file, 'utf8')));
    if (!parsed.success) throw new Error(`invalid webhook file ${opts.file}:\n${z.prettifyError(parsed.error)}`);
    for (const t of parsed.data.targets) {
      if (targets.some((o) => o.id === t.id)) throw new Error(`webhook target ${t.id} is named twice (file and GOVFLOW_WEBHOOK_URLS)`);
      const secret = opts.secrets?.[t.id] ?? t.secret;
      targets.push({ ...t, secret });
    }
  }
  const issues = targets.flatMap((t) => webhookTargetIssues(t, opts.production, opts.file ?? 'GOVFLOW_WEBHOOK_URLS'));
  if (issues.length > 0) throw new Error(`invalid webhook targets:\n${issues.map((i) => `✖ ${i.path}: ${i.message}`).join('\n')}`);
  return targets;
}
