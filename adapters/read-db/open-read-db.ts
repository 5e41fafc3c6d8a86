import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openPostgresReadDb } from './postgres.ts';
import type { ReadDb } from './read-db.ts';
import { openSqliteReadDb } from './sqlite.ts';

/** Where the read side lives: PostgreSQL when a URL is configured, else a SQLite file in the state folder. */
export interface ReadDbLocation {
  /** `GOVFLOW_READ_DB_URL`: a `postgres://` connection string. */
  readonly url?: string | undefined;
  /** `GOVFLOW_STATE_DIR`: the SQLite file `read-side.sqlite` goes there when no URL is set. */
  readonly stateDir: string;
}

/** The embedded read side's file within a state folder. */
export const sqliteReadDbPath = (stateDir: string): string => join(stateDir, 'read-side.sqlite');

/** Opens the configured read-side database (creating the SQLite file and its folder when needed). */
export async function openReadDb(location: ReadDbLocation): Promise<ReadDb> {
  if (location.url) return openPostgresReadDb(location.url);
  const path = sqliteReadDbPath(location.stateDir);
  mkdirSync(dirname(path), { recursive: true });
  return openSqliteReadDb(path);
}
