import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import { describeIssues, fieldIssues } from '../domain/field-issues.ts';
import { PackSelection } from '../domain/pack-selection.ts';
import { parsePolicyPack } from '../domain/parse-policy-pack.ts';
import type { PolicyPack } from '../domain/policy-pack.ts';
import { Roster, checkRosterForPack } from '../domain/roster.ts';

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A data file's text, its sha256 and its parsed content. */
export interface DataFile {
  readonly path: string;
  readonly contentHash: string;
  readonly data: unknown;
}

/** Parses YAML or JSON text (by extension), turning syntax errors into INVALID_POLICY. */
export function parseDataText(text: string, path: string): unknown {
  try {
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new DomainError(
      ErrorCode.invalidPolicy,
      `${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${message}`,
      [{ path: '(file)', message }],
    );
  }
}

// Parsed files by path and content hash: every assessment reads its pack and roster, and parsing the YAML was most of
// an assessment's cost. A file is still read and hashed each time, so an edited file is parsed afresh.
const parsed = new Map<string, unknown>();
const MAX_PARSED = 256;

function parseCached(path: string, contentHash: string, bytes: Buffer): unknown {
  const key = `${contentHash}:${path}`;
  let data = parsed.get(key);
  if (data === undefined) {
    data = parseDataText(bytes.toString('utf8'), path);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(key, data);
  }
  // A copy, so no caller can change what the next one reads.
  return structuredClone(data);
}

/** Reads `<dir>/<name>.yaml`, `.yml` or `.json`; NOT_FOUND if none exists. */
export async function readDataFile(dir: string, name: string): Promise<DataFile> {
  if (!NAME.test(name)) throw new DomainError(ErrorCode.invalidInput, `not a valid name: ${name}`);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const path = join(dir, `${name}${ext}`);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    return { path, contentHash, data: parseCached(path, contentHash, bytes) };
  }
  throw new DomainError(ErrorCode.notFound, `no ${name}.yaml or ${name}.json in ${dir}`);
}

/** Loads and validates a policy pack; a pack with any bad field is refused whole, never half-loaded. */
export async function loadPolicyPack(dir: string, name: string): Promise<PolicyPack> {
  const file = await readDataFile(dir, name);
  return parsePolicyPack(file.data, file.contentHash);
}

/** Loads and validates a committee roster from `<dir>/<name>.yaml|json`. */
export async function loadRoster(dir: string, name: string): Promise<Roster> {
  const file = await readDataFile(dir, name);
  const r = Roster.safeParse(file.data);
  if (r.success) return r.data;
  const issues = fieldIssues(r.error.issues);
  throw new DomainError(ErrorCode.invalidPolicy, describeIssues(`invalid roster ${name}`, issues), issues);
}

/**
 * Loads a pack to put in force: a testing pack (second-scale deadlines, a small committee) is refused unless the
 * deployment allows testing packs (GOVFLOW_ENV development or test).
 */
export async function loadPackInForce(dir: string, name: string, allowTesting: boolean): Promise<PolicyPack> {
  const pack = await loadPolicyPack(dir, name);
  if (pack.testing && !allowTesting) {
    throw new DomainError(
      ErrorCode.invalidPolicy,
      `policy pack ${name} is a testing pack: it loads only with GOVFLOW_ENV=development or GOVFLOW_ENV=test`,
      [{ path: 'testing', message: 'testing packs load only in development and test' }],
    );
  }
  return pack;
}

/** Loads the organisation's pack selection (YAML or JSON); a bad file is refused whole, naming each bad field. */
export async function loadPackSelection(path: string): Promise<PackSelection> {
  const text = await readFile(path, 'utf8');
  const r = PackSelection.safeParse(parseDataText(text, path));
  if (r.success) return r.data;
  const issues = fieldIssues(r.error.issues);
  throw new DomainError(ErrorCode.invalidPolicy, describeIssues(`invalid pack selection ${path}`, issues), issues);
}

/** Loads a pack and the roster it names (from `<dir>/rosters/`), refusing a roster that cannot staff every tier. */
export async function loadPackWithRoster(dir: string, name: string): Promise<{ pack: PolicyPack; roster: Roster }> {
  const pack = await loadPolicyPack(dir, name);
  const roster = await loadRoster(join(dir, 'rosters'), pack.roster);
  const issues = checkRosterForPack(roster, pack);
  if (issues.length > 0)
    throw new DomainError(
      ErrorCode.invalidPolicy,
      describeIssues(`roster ${roster.name} cannot staff ${pack.name}`, issues),
      issues,
    );
  return { pack, roster };
}
