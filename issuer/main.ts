import { createServer } from 'node:http';
import { loadConfig } from '../config/config.ts';
import { loadDevAccounts } from './accounts.ts';
import { loadOrCreateKeys } from './keys.ts';
import { createLocalIssuer } from './local-issuer.ts';
import { loadOrCreateServiceClients } from './service-clients.ts';
import { loadServiceAccounts } from '../adapters/service-accounts.ts';

/** The local OpenID Connect issuer process (started by `scripts/stack.sh`): development and test only. */
const config = loadConfig();
if (config.GOVFLOW_ENV === 'production') {
  process.stderr.write('the local issuer has password-less sign-in and never runs with GOVFLOW_ENV=production\n');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${config.GOVFLOW_OIDC_PORT}`;
const accounts = await loadDevAccounts(config.GOVFLOW_POLICY_DIR);
const provider = createLocalIssuer({
  issuer,
  audience: config.GOVFLOW_OIDC_AUDIENCE,
  tokenTtlSeconds: Math.min(8 * 3600, config.GOVFLOW_TOKEN_MAX_LIFETIME),
  accounts,
  keys: await loadOrCreateKeys(config.GOVFLOW_STATE_DIR),
  services: await loadOrCreateServiceClients(config.GOVFLOW_STATE_DIR, await loadServiceAccounts(config.GOVFLOW_POLICY_DIR)),
  consoleUris: consoleAddresses(config.GOVFLOW_CONSOLE_URL),
});
/** The console's address, and the same on `localhost` when it is loopback's number: browsers use either. */
function consoleAddresses(url: string): string[] {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1') return [url];
  u.hostname = 'localhost';
  return [url, u.href];
}
const server = createServer(provider.callback());
server.listen(config.GOVFLOW_OIDC_PORT, '127.0.0.1', () =>
  process.stdout.write(
    `local OpenID Connect issuer ${issuer}: ${accounts.size} dev accounts (${[...accounts.keys()].join(', ')})\n`,
  ),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
