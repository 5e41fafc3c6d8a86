import type { KeyProvider } from '../adapters/signing-keys.ts';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import type { EdgeKey } from '../domain/lifecycle/commands.ts';
import type { Role } from '../domain/identity.ts';
import type { CommandKeyRollReport } from '../wire/views.ts';
import { createCommandSigner, type CommandSigner } from './command-signer.ts';
import type { GovernanceClient } from './governance-client.ts';

/** The edge's command signer, whose key can be changed over while the API runs (after a roll). */
export interface EdgeCommandKey extends CommandSigner {
  /** The keyring the edge signs with now. */
  readonly current: KeyProvider;
  /** Signs every command from now on with `next`'s current key. */
  changeTo(next: KeyProvider): void;
}

/** An edge command signer over a keyring (the command key file as the API loaded it). */
export function createEdgeCommandKey(initial: KeyProvider, now: () => number = Date.now): EdgeCommandKey {
  let current = initial;
  let signer = createCommandSigner(initial.signer, now);
  return {
    get current() {
      return current;
    },
    sign: (command) => signer.sign(command),
    changeTo(next) {
      current = next;
      signer = createCommandSigner(next.signer, now);
    },
  };
}

/** What a roll needs: the lifecycles (through the client that signs with `edge`), the edge key, the key file. */
export interface CommandKeyRollDeps {
  readonly governance: GovernanceClient;
  readonly edge: EdgeCommandKey;
  /** Reads the command key file again: its current key is the one to change over to. */
  readonly loadNext: () => Promise<KeyProvider>;
  /** The lifecycles to rotate (default: every running one the client lists). */
  readonly systems?: () => AsyncIterable<string>;
}

/** Who asks for the roll, how, and why. */
export interface CommandKeyRollRequest {
  readonly actor: string;
  readonly roles: readonly Role[];
  readonly mode: 'add' | 'replace';
  readonly reason: string;
}

const publicKeyOf = (keys: KeyProvider): EdgeKey => {
  const jwk = keys.jwks().keys.find((k) => k.kid === keys.signer.kid)!;
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwk.kid };
};

/**
 * Rolls the edge's command key: every running lifecycle is sent a rotation signed with the key the edge signs with
 * now, to {now, next} (`add`) or {next} (`replace`); then the edge signs with next. A lifecycle that refuses (one
 * started before signed commands, one that ended meanwhile) is reported, never skipped silently.
 */
export async function rollCommandKeys(deps: CommandKeyRollDeps, req: CommandKeyRollRequest): Promise<CommandKeyRollReport> {
  const next = await deps.loadNext();
  const before = deps.edge.current;
  if (req.mode === 'add' && next.signer.kid === before.signer.kid) {
    throw new DomainError(
      ErrorCode.conflict,
      `the command key file's current key ${next.signer.kid} is already the one the API signs with: make a new key first (govflow keys rotate commands)`,
    );
  }
  const keys = req.mode === 'add' ? [publicKeyOf(before), publicKeyOf(next)] : [publicKeyOf(next)];
  const rotated: string[] = [];
  const refused: CommandKeyRollReport['refused'] = [];
  for await (const systemId of deps.systems?.() ?? runningSystems(deps.governance)) {
    try {
      await deps.governance.rotateCommandKeys(systemId, { actor: req.actor, roles: [...req.roles], keys, reason: req.reason });
      rotated.push(systemId);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refused.push({ systemId, code: e.code, reason: e.message });
    }
  }
  deps.edge.changeTo(next);
  return { mode: req.mode, signedWith: before.signer.kid, signsWith: next.signer.kid, keys: keys.map((k) => k.kid), rotated, refused };
}

/** The ids of every running lifecycle, page by page. */
async function* runningSystems(governance: GovernanceClient): AsyncGenerator<string> {
  let nextPageToken: string | undefined;
  do {
    const page = await governance.list({ pageSize: 1000, ...(nextPageToken ? { nextPageToken } : {}) });
    for (const s of page.systems) if (s.status === 'RUNNING') yield s.systemId;
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
}
