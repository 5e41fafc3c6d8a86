// Writes the JSON Schemas, the AsyncAPI document and the catalogue page generated from the event schemas.
// Usage: npm run contracts (tsx scripts/generate-contracts.ts)
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContracts } from '../events/contracts.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
for (const file of buildContracts()) {
  const target = `${root}${file.path}`;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  process.stdout.write(`wrote ${file.path}\n`);
}
