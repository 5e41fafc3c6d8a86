import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { GovernanceEvent } from '../../../events/envelope.ts';

const dir = fileURLToPath(new URL('../../../contracts/jsonschema/', import.meta.url));

/** Checks events against the published JSON Schemas (contracts/jsonschema), as a consumer in any language would. */
export async function loadEventSchemas(): Promise<(event: GovernanceEvent) => string[]> {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.json'))) ajv.addSchema(JSON.parse(await readFile(`${dir}${f}`, 'utf8')), f.replace(/\.json$/, ''));
  /** The schema errors of one event, empty when it validates (an unknown type is an error too). */
  return (event) => {
    const validate = ajv.getSchema(event.type);
    if (!validate) return [`no published schema for ${event.type}`];
    if (validate(event)) return [];
    return (validate.errors ?? []).map((e) => `${event.id} ${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
  };
}
