import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteReadDb } from '../../../adapters/read-db/sqlite.ts';
import { indicatorFactsContract } from '../../support/indicator-facts-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'govflow-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

indicatorFactsContract('SQLite', async () => openSqliteReadDb(join(dir, `facts-${(n += 1)}.sqlite`)));
