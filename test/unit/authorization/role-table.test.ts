import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { may, type Action } from '../../../domain/authorization.ts';
import type { Role } from '../../../domain/identity.ts';
import type { LifecycleState } from '../../../domain/lifecycle/state.ts';
import { buildStages } from './matrix-world.ts';

/** The rows of the README's table: a relationship to a system and the token roles held. */
const rows: readonly [string, string, readonly Role[]][] = [
  ['its proposer', 'mei-lin', ['proposer', 'deployer']],
  ['its owner', 'rahul-k', ['deployer']],
  ['its owner', 'rahul-k', ['proposer']],
  ['a member of its committee', 'zhang-min', ['committee_member']],
  ['the chair of its committee', 'chair-li', ['chair']],
  ['an adviser to its committee', 'adviser-huang', ['committee_member']],
  ['anyone', 'ann', ['auditor']],
  ['anyone', 'root', ['admin']],
  ['no part in it', 'zed', ['proposer', 'deployer', 'committee_member', 'chair']],
  ['its proposer, owner or committee', 'mei-lin', []],
];

const columns: readonly [Action, string][] = [
  ['readSystem', 'read'],
  ['castVote', 'vote / recuse'],
  ['amendProposal', 'amend / modify'],
  ['satisfyCondition', 'condition evidence'],
  ['recordDeployment', 'deploy'],
  ['submitTransparencyReport', 'transparency report'],
  ['reportIncident', 'incident'],
  ['retire', 'retire'],
];

const cell = (s: LifecycleState, sub: string, roles: readonly Role[], action: Action): string => {
  const d = may({ sub, roles }, action, s);
  if (d.allowed) return 'yes';
  return d.code === 'NOT_FOUND' ? '404' : d.code === 'SEPARATION_OF_DUTIES' ? 'no (duties)' : 'no';
};

/** The README's table, rendered from `may` over a system of the default pack. */
function renderRoleTable(s: LifecycleState): string {
  const head = `| relationship to the system | token roles | ${columns.map(([, title]) => title).join(' | ')} |`;
  const rule = `| --- | --- | ${columns.map(() => '---').join(' | ')} |`;
  const body = rows.map(
    ([relation, sub, roles]) =>
      `| ${relation} | ${roles.length ? roles.map((r) => `\`${r}\``).join(', ') : 'none'} | ${columns.map(([a]) => cell(s, sub, roles, a)).join(' | ')} |`,
  );
  return [head, rule, ...body].join('\n');
}

describe("the README's role table", () => {
  let stages: Awaited<ReturnType<typeof buildStages>>;
  beforeAll(async () => {
    stages = await buildStages('ai-governance-code-2026');
  });

  it('is what the rule set answers under the default pack', () => {
    const table = renderRoleTable(stages.approved);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const between = /<!-- role-table:start -->\n([\s\S]*?)\n<!-- role-table:end -->/.exec(readme)?.[1];
    expect(between, `README.md should hold, between the role-table markers:\n${table}`).toBe(table);
  });

  it('pairs each action with the one the column also stands for', () => {
    const s = stages.approved;
    for (const [, sub, roles] of rows) {
      expect(cell(s, sub, roles, 'recuse')).toBe(cell(s, sub, roles, 'castVote'));
      expect(cell(s, sub, roles, 'requestModification')).toBe(cell(s, sub, roles, 'amendProposal'));
    }
  });
});
