import { z } from 'zod';

/**
 * The roles a token may grant; `admin` holds every role (still subject to the relationship rules). The last two are
 * services': a deployed system's service logs its decisions, the decision checker records what breaks an approval.
 */
export const Role = z.enum(['proposer', 'committee_member', 'chair', 'deployer', 'auditor', 'admin', 'decision_logger', 'decision_checker']);
export type Role = z.infer<typeof Role>;

/** Who is calling: `sub` becomes the actor the workflow sees; a request body never chooses it. */
export const Caller = z.object({
  sub: z.string().min(1),
  roles: z.array(Role),
  name: z.string().optional(),
});
export type Caller = z.infer<typeof Caller>;

/**
 * Who acts, as the rules see them. `roles` is absent when a command arrived without them (a history recorded before
 * commands carried roles, or a client reaching the engine directly): such an actor is judged on their relationship
 * to the system alone, which is what the roster and the proposal prove.
 */
export interface Actor {
  readonly sub: string;
  readonly roles?: readonly Role[];
}
