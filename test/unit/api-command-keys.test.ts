import { describe, expect, it } from 'vitest';
import type { CommandKeyRollRequest } from '../../client/command-key-roll.ts';
import type { Role } from '../../domain/identity.ts';
import { forgerKeys, testCommandKeys } from '../support/test-keys.ts';
import { apiHarness, body, exampleProposal, tokenFor } from './support/api-harness.ts';

const SYS = '/v1/systems/retail-credit-scoring';
const keys = [testCommandKeys.jwks().keys[0]!, forgerKeys.jwks().keys[0]!];

/** An app with a proposed system and a roll that records what it was asked. */
async function world() {
  const asked: CommandKeyRollRequest[] = [];
  const h = await apiHarness({
    rollCommandKeys: async (req) => {
      asked.push(req);
      return { mode: req.mode, signedWith: 'a', signsWith: 'b', keys: ['a', 'b'], rotated: ['retail-credit-scoring'], refused: [] };
    },
  });
  const who = async (sub: string, ...roles: Role[]) => h.as(await tokenFor(sub, ...roles));
  expect((await (await who('mei-lin', 'proposer')).post('/v1/systems', exampleProposal('credit-scoring'))).status).toBe(201);
  const events = async () => (await h.governance.history('retail-credit-scoring')).length;
  return { ...h, who, asked, events };
}

describe('POST /v1/systems/{id}/command-keys', () => {
  it("records an administrator's rotation, public keys only", async () => {
    const { who, governance } = await world();
    const res = await (await who('root', 'admin')).post(`${SYS}/command-keys`, { keys, reason: 'Roll the API key.' });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ events: ['ai.governance.lifecycle.command_keys_rotated.v1'] });
    const last = (await governance.history('retail-credit-scoring')).at(-1)!;
    expect(last.data).toEqual({ keys: keys.map(({ kid, x }) => ({ kid, x })), rotatedBy: 'root', reason: 'Roll the API key.' });
  });

  it.each([
    ['its proposer', 'mei-lin', ['proposer'] as Role[], 403],
    ['an auditor', 'ann', ['auditor'] as Role[], 403],
  ])('refuses %s before anything is recorded', async (_who, sub, roles, status) => {
    const { who, events } = await world();
    const before = await events();
    const res = await (await who(sub, ...roles)).post(`${SYS}/command-keys`, { keys, reason: 'Mine.' });
    expect(res.status).toBe(status);
    expect(await events()).toBe(before);
  });

  it('refuses a private key in the set, naming the field', async () => {
    const { who, events } = await world();
    const before = await events();
    const res = await (await who('root', 'admin')).post(`${SYS}/command-keys`, { keys: [{ ...keys[0], d: 'A'.repeat(43) }], reason: 'Oops.' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await body(res))).toContain('keys[0].d');
    expect(await events()).toBe(before);
  });
});

describe('POST /v1/command-keys/rotations', () => {
  it('rolls the key for an administrator, as the caller', async () => {
    const { who, asked } = await world();
    const res = await (await who('root', 'admin')).post('/v1/command-keys/rotations', { reason: 'Scheduled.' });
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ mode: 'add', signsWith: 'b', rotated: ['retail-credit-scoring'] });
    expect(asked).toEqual([{ actor: 'root', roles: ['admin'], mode: 'add', reason: 'Scheduled.' }]);
  });

  it('refuses anyone else, and a bad mode naming the field, without rolling', async () => {
    const { who, asked } = await world();
    expect((await (await who('chair-li', 'chair')).post('/v1/command-keys/rotations', { reason: 'x' })).status).toBe(403);
    const bad = await (await who('root', 'admin')).post('/v1/command-keys/rotations', { mode: 'drop-all', reason: 'x' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await body(bad))).toContain('mode');
    expect(asked).toEqual([]);
  });

  it('is in the OpenAPI document beside the per-system rotation', async () => {
    const { app } = await world();
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/command-keys/rotations', '/v1/systems/{id}/command-keys']));
  });
});
