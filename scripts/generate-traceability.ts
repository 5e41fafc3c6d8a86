import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadPolicyPack } from '../adapters/policy-files.ts';
import { readTests, renderTraceability } from './traceability.ts';

/** The shipped regulatory packs the matrix covers (testing and benchmark packs are not regulations). */
export const TRACED_PACKS = ['ai-governance-code-2026', 'eu-ai-act'] as const;

const root = fileURLToPath(new URL('..', import.meta.url));
const packs = await Promise.all(TRACED_PACKS.map((n) => loadPolicyPack(`${root}policies`, n)));
writeFileSync(`${root}docs/traceability.md`, renderTraceability(packs, readTests(root)));
process.stdout.write('wrote docs/traceability.md\n');
