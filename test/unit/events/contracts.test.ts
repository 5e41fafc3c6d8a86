import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { buildContracts, asyncApiDocument } from '../../../events/contracts.ts';
import { catalogue } from '../../../events/catalogue.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the generated contracts', () => {
  it.each(buildContracts().map((f) => [f.path, f.content] as const))(
    '%s is checked in and matches the schemas (run `npm run contracts`)',
    async (path, content) => {
      const onDisk = await readFile(`${root}${path}`, 'utf8').catch(() => '(missing)');
      expect(onDisk).toBe(content);
    },
  );

  it('has one JSON Schema 2020-12 per event type, pinning its type', () => {
    const files = buildContracts().filter((f) => f.path.startsWith('contracts/jsonschema/ai.'));
    expect(files).toHaveLength(catalogue.length);
    for (const f of files) {
      const schema = JSON.parse(f.content) as { $schema: string; properties: { type: { const: string } } };
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(f.path).toBe(`contracts/jsonschema/${schema.properties.type.const}.json`);
    }
  });

  it('is a valid AsyncAPI 3.0 document with a message per event type and the key binding', async () => {
    const asyncapi = buildContracts().find((f) => f.path === 'contracts/asyncapi.yaml')!.content;
    const { document, diagnostics } = await new Parser().parse(asyncapi);
    expect(
      diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`),
    ).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.messages().length).toBe(catalogue.length);
    const channel = document?.channels().all()[0];
    expect(channel?.address()).toBe('ai-governance.lifecycle.v1');
    expect(channel?.bindings().get('kafka')?.value()).toMatchObject({ partitions: 6 });
    expect(JSON.stringify(asyncApiDocument())).toContain('"key":{"$ref":"#/components/schemas/systemId"}');
  }, 60_000);
});
