import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DomainError, ErrorCode } from '../domain/errors.ts';
import { PackName, PackVersion, parsePackRef } from '../domain/pack-ref.ts';
import { parsePolicyPack } from '../domain/parse-policy-pack.ts';
import type { PolicyPack } from '../domain/policy-pack.ts';
import { loadPackInForce, loadPolicyPack, parseDataText } from './policy-files.ts';

/**
 * Where a pack's versions live: the configured one at `<dir>/<name>.yaml` (what new proposals use), and any other
 * at `<dir>/versions/<name>/<version>.yaml`, so a new version can be judged and applied beside the one in force.
 */
export const versionsDir = (dir: string, name: string): string => join(dir, 'versions', name);

function refuseTesting(pack: PolicyPack, ref: string, allowTesting: boolean): PolicyPack {
  if (pack.testing && !allowTesting)
    throw new DomainError(ErrorCode.invalidPolicy, `policy pack ${ref} is a testing pack: it loads only with GOVFLOW_ENV=development or GOVFLOW_ENV=test`, [
      { path: 'testing', message: 'testing packs load only in development and test' },
    ]);
  return pack;
}

/** Reads `<dir>/<version>.yaml` or `.json` (the version is checked, so it names no other path); undefined if absent. */
async function readVersionFile(dir: string, version: string): Promise<{ path: string; contentHash: string; data: unknown } | undefined> {
  for (const ext of ['.yaml', '.yml', '.json']) {
    const path = join(dir, `${version}${ext}`);
    const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (bytes) return { path, contentHash: bytesToHex(sha256(bytes)), data: parseDataText(bytes.toString('utf8'), path) };
  }
  return undefined;
}

/** The versions filed under `versions/<name>/`, by their file names (the files are read only when asked for). */
async function filedVersions(dir: string, name: string): Promise<string[]> {
  const files = await readdir(versionsDir(dir, name)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  return files.map((f) => f.replace(/\.(ya?ml|json)$/, '')).filter((v) => PackVersion.safeParse(v).success);
}

const bySemver = (a: string, b: string): number => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x![0]! - y![0]! || x![1]! - y![1]! || x![2]! - y![2]!;
};

/** The refusal of a version that is not there, naming the versions that are (or saying there is no such pack). */
async function missingVersion(dir: string, name: string, version: string, configured: string | undefined): Promise<DomainError> {
  const known = [...new Set([...(configured ? [configured] : []), ...(await filedVersions(dir, name))])].sort(bySemver);
  if (known.length === 0) return new DomainError(ErrorCode.notFound, `no policy pack ${name}`);
  return new DomainError(ErrorCode.notFound, `no version ${version} of policy pack ${name} (it has ${known.join(', ')})`);
}

/** Loads one version of a pack: the configured file when it is that version, else its file under `versions/`. */
export async function loadPackVersion(dir: string, name: string, version: string, allowTesting: boolean): Promise<PolicyPack> {
  const badName = !PackName.safeParse(name).success;
  if (badName || !PackVersion.safeParse(version).success)
    throw new DomainError(ErrorCode.invalidInput, `not a pack version: ${name}@${version}`, [
      { path: badName ? 'pack' : 'version', message: badName ? 'must be a policy pack name' : 'must be a semantic version such as 1.0.0' },
    ]);
  const configured = await loadPolicyPack(dir, name).catch((e: unknown) => {
    if (e instanceof DomainError && e.code === ErrorCode.notFound) return undefined;
    throw e;
  });
  if (configured?.version === version) return refuseTesting(configured, `${name}@${version}`, allowTesting);
  const file = await readVersionFile(versionsDir(dir, name), version);
  if (!file) throw await missingVersion(dir, name, version, configured?.version);
  const pack = parsePolicyPack(file.data, file.contentHash);
  if (pack.name !== name || pack.version !== version)
    throw new DomainError(ErrorCode.invalidPolicy, `${file.path} holds ${pack.name}@${pack.version}, not ${name}@${version}`, [
      { path: pack.name !== name ? 'name' : 'version', message: `must be ${pack.name !== name ? name : version} in this file` },
    ]);
  return refuseTesting(pack, `${name}@${version}`, allowTesting);
}

/** Loads a pack reference (`name`, the configured file, or `name@version`) to put in force. */
export async function loadPackRef(dir: string, ref: string, allowTesting: boolean): Promise<PolicyPack> {
  const { name, version } = parsePackRef(ref);
  return version === undefined ? loadPackInForce(dir, name, allowTesting) : loadPackVersion(dir, name, version, allowTesting);
}
