import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { Role } from '../domain/identity.ts';
import { Roster, type CommitteeRole } from '../domain/roster.ts';
import { UserId } from '../domain/proposal.ts';

/** One sign-in account of the local issuer: a person of the roster files and the govflow roles they hold. */
export interface DevAccount {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

const People = z.strictObject({
  people: z.array(z.strictObject({ id: UserId, name: z.string().min(1), roles: z.array(Role).min(1) })),
});

/** What a committee seat lets a person do in the API: members and advisers take part in reviews, chairs chair. */
const seatRoles: Record<CommitteeRole, Role> = {
  member: 'committee_member',
  adviser: 'committee_member',
  chair: 'chair',
};

/** Reads `<policyDir>/rosters/*` and `<policyDir>/accounts/people.yaml` into accounts, a person's roles merged by id. */
export async function loadDevAccounts(policyDir: string): Promise<Map<string, DevAccount>> {
  const accounts = new Map<string, { name: string; roles: Set<Role> }>();
  const add = (id: string, name: string, roles: readonly Role[]) => {
    const a = accounts.get(id) ?? { name, roles: new Set<Role>() };
    for (const r of roles) a.roles.add(r);
    accounts.set(id, a);
  };
  const rosterDir = join(policyDir, 'rosters');
  for (const file of (await readdir(rosterDir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
    const roster = Roster.parse(parse(await readFile(join(rosterDir, file), 'utf8')));
    for (const m of roster.committees.flatMap((c) => c.members))
      add(
        m.id,
        m.name,
        m.roles.map((r) => seatRoles[r]),
      );
  }
  const people = People.parse(parse(await readFile(join(policyDir, 'accounts', 'people.yaml'), 'utf8')));
  for (const p of people.people) add(p.id, p.name, p.roles);
  return new Map([...accounts].map(([id, a]) => [id, { id, name: a.name, roles: [...a.roles].sort() }]));
}
