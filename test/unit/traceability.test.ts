import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicyPack } from '../../adapters/policy-files.ts';
import { traceItems } from '../../domain/traceability.ts';
import { readTests, renderTraceability, testsOf } from '../../scripts/traceability.ts';
import { POLICY_DIR } from './policy-fixtures.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packs = await Promise.all(['ai-governance-code-2026', 'eu-ai-act'].map((n) => loadPolicyPack(POLICY_DIR, n)));
const items = packs.flatMap(traceItems);
const tests = readTests(root);

describe('the traceability matrix', () => {
  it('every rule and duty of the shipped packs names its source', () => {
    expect(items.filter((i) => !i.source).map((i) => `${i.pack} ${i.kind} ${i.id}`)).toEqual([]);
  });

  it('every rule and duty is exercised by a test', () => {
    expect(items.filter((i) => testsOf(i, tests).length === 0).map((i) => `${i.pack} ${i.kind} ${i.id}`)).toEqual([]);
  });

  // The tests column is compared loosely (other test files may start naming an id); everything else must match.
  const withoutTests = (md: string) => md.replace(/ \| [^|]*\|$/gm, ' |');
  it('docs/traceability.md is generated from the packs (run `npm run traceability`)', async () => {
    const onDisk = await readFile(`${root}docs/traceability.md`, 'utf8');
    expect(withoutTests(onDisk)).toBe(withoutTests(renderTraceability(packs, tests)));
  });

  it('a rule without a source, or without a test, is caught', () => {
    const [pack] = packs;
    const orphan = { ...pack!, rules: [{ ...pack!.rules[0]!, id: 'no-such-rule-anywhere', source: undefined }] };
    const item = traceItems(orphan).find((i) => i.id === 'no-such-rule-anywhere')!;
    expect(item.source).toBeUndefined();
    expect(testsOf(item, tests)).toEqual([]);
  });
});
