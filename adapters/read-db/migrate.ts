import { migrationSql, ReadDbError, type Migration, type SqlRunner } from './read-db.ts';

const LEDGER = `CREATE TABLE IF NOT EXISTS read_db_migrations (
  module TEXT NOT NULL, step INTEGER NOT NULL, id TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, step))`;

/**
 * Applies the steps of one module's list that the ledger does not hold yet, inside the caller's transaction (which
 * holds the engine's lock), after checking that every applied step is still where and what it was.
 */
export async function applyMigrations(
  tx: SqlRunner,
  module: string,
  migrations: readonly Migration[],
  exec: (sql: string) => Promise<void>,
): Promise<void> {
  await exec(LEDGER);
  const applied = await tx.query<{ step: number; id: string }>(
    'SELECT step, id FROM read_db_migrations WHERE module = $1 ORDER BY step',
    [module],
  );
  for (const row of applied) {
    const wanted = migrations[row.step];
    if (!wanted)
      throw new ReadDbError(
        'migration_unknown',
        `read-side database has step ${row.step} (${row.id}) of ${module}, which this version does not know: it is newer than this code`,
      );
    if (wanted.id !== row.id)
      throw new ReadDbError(
        'migration_changed',
        `step ${row.step} of ${module} was applied as "${row.id}" but is now "${wanted.id}": migrations are forward-only, add a new step instead`,
      );
  }
  for (let step = applied.length; step < migrations.length; step += 1) {
    const m = migrations[step]!;
    await exec(migrationSql(m, tx.dialect));
    await tx.run('INSERT INTO read_db_migrations (module, step, id, applied_at) VALUES ($1, $2, $3, $4)', [
      module,
      step,
      m.id,
      new Date().toISOString(),
    ]);
  }
}
