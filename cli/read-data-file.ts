import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UsageError } from './run-action.ts';

/** Reads a JSON or YAML file (YAML is a superset of JSON, so one parser reads both); `-` reads stdin. */
export function readDataFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return parse(text) as unknown;
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON or YAML: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
}
