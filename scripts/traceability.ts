import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PolicyPack } from '../domain/policy-pack.ts';
import { traceItems, type TraceItem } from '../domain/traceability.ts';

/** The table test that exercises every screening question of every shipped pack, one case per question. */
export const QUESTION_TABLE_TEST = 'test/unit/screening.test.ts';

/** Every test file under `dir` (relative to `root`) with its text. */
export function readTests(root: string, dir = 'test'): { file: string; text: string }[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.endsWith('traceability.test.ts'))
    .sort()
    .map((f) => ({ file: relative(root, join(root, dir, f)), text: readFileSync(join(root, dir, f), 'utf8') }));
}

/** The tests that exercise an item: those naming its id (quoted), and for questions the per-question table. */
export function testsOf(item: TraceItem, tests: readonly { file: string; text: string }[]): string[] {
  const named = tests
    .filter((t) => t.text.includes(`'${item.id}'`) || t.text.includes(`"${item.id}"`) || t.text.includes(`.${item.id}`))
    .map((t) => t.file);
  if (item.kind === 'question') named.unshift(QUESTION_TABLE_TEST);
  return [...new Set(named)];
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The matrix as Markdown: per pack, each rule and duty with its source, enforcement, events and tests. */
export function renderTraceability(
  packs: readonly PolicyPack[],
  tests: readonly { file: string; text: string }[],
): string {
  const lines = [
    '# Traceability matrix',
    '',
    '<!-- Generated from the policy packs by `npm run traceability`; test/unit/traceability.test.ts fails when it drifts, when',
    'a rule or duty has no source, or when no test exercises it. -->',
    '',
    'Each line is one rule or duty of a shipped pack: where it comes from in the regulation, what the engine does with it',
    '(tier effect, timer, deployment gate), the lifecycle events that carry it, and the tests that exercise it.',
  ];
  for (const pack of packs) {
    lines.push(
      '',
      `## ${pack.title} (\`${pack.name}\` ${pack.version})`,
      '',
      '| kind | id | source | enforcement | events | tests |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const item of traceItems(pack)) {
      const t = testsOf(item, tests).map((f) => f.replace(/^test\/(unit|integration)\//, ''));
      lines.push(
        `| ${item.kind} | \`${item.id}\` | ${cell(item.source ?? '**missing**')} | ${cell(item.enforcement)} | ${item.events.join(', ')} | ${t.join(', ') || '**none**'} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
