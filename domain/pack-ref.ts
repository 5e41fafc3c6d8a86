import { z } from 'zod';

/** A pack name as files and the selection spell it. */
export const PackName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a policy pack name');

/** A pack version: semantic, as a pack file's `version` field. */
export const PackVersion = z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}$/, 'must be a semantic version such as 1.0.0');

/**
 * A pack with its version, `<name>@<version>`: what `policy impact` and `policy apply` name, and what a system that
 * had a version applied records as its pack (so its later assessments use that version, whatever file is configured).
 */
export const PackVersionRef = z
  .string()
  .max(80)
  .regex(/^[a-z0-9][a-z0-9-]{0,63}@\d{1,6}\.\d{1,6}\.\d{1,6}$/, 'must be <pack>@<version>, such as eu-ai-act@1.1.0');

/** A reference to a pack: its bare name (the version configured in `policies/<name>.yaml`) or `<name>@<version>`. */
export interface PackRef {
  readonly name: string;
  readonly version?: string;
}

/** Splits `name` or `name@version`; the parts are checked by whoever loads them. */
export function parsePackRef(ref: string): PackRef {
  const at = ref.indexOf('@');
  return at === -1 ? { name: ref } : { name: ref.slice(0, at), version: ref.slice(at + 1) };
}

/** The pack name of a reference or of a `policyVersion` (`name@version+hash`). */
export const packNameOf = (ref: string): string => parsePackRef(ref).name;

/** `name@version`. */
export const formatPackRef = (name: string, version: string): string => `${name}@${version}`;
