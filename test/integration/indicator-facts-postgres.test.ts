import { openPostgresReadDb } from '../../adapters/read-db/postgres.ts';
import { indicatorFactsContract } from '../support/indicator-facts-contract.ts';
import { freshPostgresUrl } from './helpers/read-dbs.ts';

indicatorFactsContract('PostgreSQL', async () => openPostgresReadDb(await freshPostgresUrl()));
