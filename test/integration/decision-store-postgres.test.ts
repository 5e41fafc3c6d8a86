import { openPostgresReadDb } from '../../adapters/read-db/postgres.ts';
import { decisionStoreContract } from '../support/decision-store-contract.ts';
import { freshPostgresUrl } from './helpers/read-dbs.ts';

// The same behaviour as on SQLite (test/unit/decisions/decision-store.test.ts), on the stack's real PostgreSQL.
decisionStoreContract('PostgreSQL', async () => openPostgresReadDb(await freshPostgresUrl()));
