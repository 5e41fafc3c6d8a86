import { z } from 'zod';
import { secretProblem } from './secrets.ts';

/** `a=b,c=d`: pairs whose key is a webhook target id. */
const Pairs = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}=.+$/, 'each entry must be id=value (a lowercase id)')))
  .transform((pairs) => Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])));

/** How the SMTP connection is protected: implicit TLS (465), STARTTLS required, or none (a loopback relay). */
export const SmtpTls = z.enum(['tls', 'starttls', 'none']);
export type SmtpTls = z.infer<typeof SmtpTls>;

/** The notification consumer's settings: email over SMTP, signed webhooks, its ledger. Everything off when unset. */
export const NotifyFields = {
  /** Where people open the console; links in emails and webhooks point here. Default: the API's own address. */
  GOVFLOW_PUBLIC_URL: z.url().optional(),
  /** `smtp://user:password@host:587` (STARTTLS) or `smtps://...:465` (TLS); or the host fields below. */
  GOVFLOW_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  GOVFLOW_SMTP_HOST: z.string().min(1).optional(),
  GOVFLOW_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  GOVFLOW_SMTP_USER: z.string().min(1).optional(),
  GOVFLOW_SMTP_PASSWORD: z.string().min(1).optional(),
  /** Default `tls` for smtps:// or port 465, else `starttls` (required, not opportunistic). */
  GOVFLOW_SMTP_TLS: SmtpTls.optional(),
  GOVFLOW_SMTP_FROM: z.string().min(3).default('govflow <govflow@localhost>'),
  /** Webhook targets, `id=https://...` comma-separated; each needs its secret in GOVFLOW_WEBHOOK_SECRETS. */
  GOVFLOW_WEBHOOK_URLS: Pairs.optional(),
  /** `id=secret` comma-separated: the HMAC key of each target in GOVFLOW_WEBHOOK_URLS. */
  GOVFLOW_WEBHOOK_SECRETS: Pairs.optional(),
  /** A YAML file of webhook targets (`targets: [{ id, url, secret }]`), besides or instead of the variables. */
  GOVFLOW_WEBHOOK_FILE: z.string().min(1).optional(),
  /** Where people are reached (email, locale); default `<GOVFLOW_POLICY_DIR>/accounts/contacts.yaml`. */
  GOVFLOW_NOTIFY_CONTACTS: z.string().min(1).optional(),
  /** The delivery ledger (SQLite); default `<GOVFLOW_STATE_DIR>/notifications.sqlite`. */
  GOVFLOW_NOTIFY_DB: z.string().min(1).optional(),
  GOVFLOW_NOTIFY_GROUP: z.string().min(1).default('govflow-notifications'),
  /** Events older than this when first read are recorded, not sent (a new ledger on an old topic stays quiet). */
  GOVFLOW_NOTIFY_MAX_AGE: z
    .string()
    .regex(/^\d+[smh]$/, 'must be a span such as 90s, 30m or 24h')
    .default('24h')
    .transform((s) => Number.parseInt(s, 10) * ({ s: 1, m: 60, h: 3600 }[s.at(-1)!] ?? 1)),
  /** Attempts per delivery before it is marked failed (backoff doubles from 1 s, at most 10 min apart). */
  GOVFLOW_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
};

type NotifyInput = { [K in keyof typeof NotifyFields]?: unknown } & { GOVFLOW_ENV?: unknown };
type Issue = { path: string; message: string };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/i;
/** True for a host name that never leaves this machine. */
export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/** The SMTP relay to use, or null when email is off. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly tls: SmtpTls;
  readonly user?: string;
  readonly password?: string;
  readonly from: string;
}

/** The SMTP settings the fields describe (URL first, then host fields), or null when neither is set. */
export function smtpSettings(c: NotifyInput): SmtpSettings | null {
  const url = typeof c.GOVFLOW_SMTP_URL === 'string' ? new URL(c.GOVFLOW_SMTP_URL) : undefined;
  const host = url ? url.hostname : (c.GOVFLOW_SMTP_HOST as string | undefined);
  if (!host) return null;
  const implicit = url?.protocol === 'smtps:';
  const port = url?.port ? Number(url.port) : ((c.GOVFLOW_SMTP_PORT as number | undefined) ?? (implicit ? 465 : 587));
  const tls = (c.GOVFLOW_SMTP_TLS as SmtpTls | undefined) ?? (implicit || port === 465 ? 'tls' : 'starttls');
  const user = url?.username ? decodeURIComponent(url.username) : (c.GOVFLOW_SMTP_USER as string | undefined);
  const password = url?.password ? decodeURIComponent(url.password) : (c.GOVFLOW_SMTP_PASSWORD as string | undefined);
  return {
    host: host.replace(/^\[|\]$/g, ''),
    port,
    tls,
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
    from: (c.GOVFLOW_SMTP_FROM as string | undefined) ?? 'govflow <govflow@localhost>',
  };
}

/** Combinations the fields cannot express alone: half a login, credentials in clear, a webhook without its secret. */
export function notifyIssues(c: NotifyInput): Issue[] {
  const issues: Issue[] = [];
  const production = c.GOVFLOW_ENV === 'production';
  if (c.GOVFLOW_SMTP_URL && c.GOVFLOW_SMTP_HOST)
    issues.push({ path: 'GOVFLOW_SMTP_HOST', message: 'must not be set together with GOVFLOW_SMTP_URL' });
  const smtp = smtpSettings(c);
  if (smtp && !smtp.user !== !smtp.password)
    issues.push({ path: smtp.user ? 'GOVFLOW_SMTP_PASSWORD' : 'GOVFLOW_SMTP_USER', message: 'must be set together with the SMTP user or password' });
  if (production && smtp?.password && smtp.tls === 'none' && !isLoopback(smtp.host))
    issues.push({
      path: 'GOVFLOW_SMTP_TLS',
      message: `must be tls or starttls: the SMTP password would cross the network in clear to ${smtp.host} (GOVFLOW_ENV=production)`,
    });
  const urls = (c.GOVFLOW_WEBHOOK_URLS ?? {}) as Record<string, string>;
  const secrets = (c.GOVFLOW_WEBHOOK_SECRETS ?? {}) as Record<string, string>;
  for (const [id, url] of Object.entries(urls)) {
    issues.push(...webhookTargetIssues({ id, url, secret: secrets[id] }, production, 'GOVFLOW_WEBHOOK_URLS'));
  }
  for (const id of Object.keys(secrets))
    if (!(id in urls) && !c.GOVFLOW_WEBHOOK_FILE)
      issues.push({ path: 'GOVFLOW_WEBHOOK_SECRETS', message: `names ${id}, which is not in GOVFLOW_WEBHOOK_URLS` });
  return issues;
}

/** Why one webhook target is refused: not http(s), no secret, or (in production) clear text or a weak secret. */
export function webhookTargetIssues(
  t: { id: string; url: string; secret: string | undefined },
  production: boolean,
  path: string,
): Issue[] {
  let url: URL;
  try {
    url = new URL(t.url);
  } catch {
    return [{ path, message: `target ${t.id}: ${t.url} is not a URL` }];
  }
  const issues: Issue[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    issues.push({ path, message: `target ${t.id}: must be an http(s) URL` });
  if (production && url.protocol === 'http:' && !isLoopback(url.hostname))
    issues.push({ path, message: `target ${t.id}: must be https outside this machine (GOVFLOW_ENV=production)` });
  if (!t.secret) issues.push({ path, message: `target ${t.id}: has no secret (GOVFLOW_WEBHOOK_SECRETS or the file)` });
  const weak = production && t.secret ? secretProblem(t.secret) : undefined;
  if (weak) issues.push({ path, message: `target ${t.id}: its secret ${weak} (GOVFLOW_ENV=production)` });
  return issues;
}
