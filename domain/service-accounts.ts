import { z } from 'zod';
import { Role } from './identity.ts';
import { UserId } from './proposal.ts';

/** A system a service account may log for: a system id, or a prefix ending in `*` (`credit-*`). */
const SystemPattern = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}\*?$/, 'must be a system id, or a prefix ending in *');

/**
 * The organisation's service identities: deployed systems' services (each tied to the systems it may log decisions
 * for) and govflow's own decision checker. Their tokens are client-credentials tokens; `id` is the token's `sub`.
 */
export const ServiceAccounts = z.strictObject({
  services: z.array(
    z.strictObject({
      id: UserId,
      name: z.string().min(1).max(200),
      roles: z.array(Role.extract(['decision_logger', 'decision_checker'])).min(1),
      systems: z.array(SystemPattern).max(500).default([]),
    }),
  ),
});
export type ServiceAccounts = z.infer<typeof ServiceAccounts>;

/** True when the service account `sub` is tied to `systemId`. */
export function servesSystem(accounts: ServiceAccounts, sub: string, systemId: string): boolean {
  const account = accounts.services.find((s) => s.id === sub);
  return !!account?.systems.some((p) => (p.endsWith('*') ? systemId.startsWith(p.slice(0, -1)) : p === systemId));
}
