import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** The CLI's config file, `~/.config/govflow/config.json`: where the API and the issuer are, and which token to send. */
export const CliConfigFile = z.strictObject({
  apiUrl: z.url().optional(),
  token: z.string().min(1).optional(),
  /** The OpenID Connect issuer `govflow login` signs in with, and the CLI's client id there. */
  issuer: z.url().optional(),
  clientId: z.string().min(1).optional(),
});
export type CliConfigFile = z.infer<typeof CliConfigFile>;

/** The environment variables the CLI reads (the only place it reads them). */
export const CliEnv = z.object({
  GOVFLOW_API_URL: z.url().optional(),
  GOVFLOW_TOKEN: z.string().min(1).optional(),
  GOVFLOW_OIDC_ISSUER: z.url().optional(),
  GOVFLOW_OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** The Chromium that renders the regulator report's PDF (else the system one, found by scripts/chromium.mjs). */
  GOVFLOW_CHROMIUM: z.string().min(1).optional(),
  XDG_CONFIG_HOME: z.string().optional(),
  HOME: z.string().optional(),
});
export type CliEnv = z.infer<typeof CliEnv>;

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';
/** The local stack's issuer (`npm start`). */
export const DEFAULT_ISSUER = 'http://127.0.0.1:8090';

/** Where a setting came from, so `--verbose` output and errors can say so. */
export type SettingSource = 'flag' | 'env' | 'file' | 'default' | 'none';

/** The settings a command talks to the API with. */
export interface CliSettings {
  apiUrl: string;
  token: string | undefined;
  from: { apiUrl: SettingSource; token: SettingSource };
}

/** Resolves each setting with the precedence flags > environment > config file > default. */
export function resolveSettings(sources: {
  flags: { apiUrl?: string | undefined; token?: string | undefined };
  env: CliEnv;
  file: CliConfigFile;
}): CliSettings {
  const { flags, env, file } = sources;
  const pick = <T>(values: [T | undefined, SettingSource][], fallback: [T, SettingSource]): [T, SettingSource] =>
    values.find((v): v is [T, SettingSource] => v[0] !== undefined && v[0] !== '') ?? fallback;
  const [apiUrl, apiFrom] = pick<string>(
    [
      [flags.apiUrl, 'flag'],
      [env.GOVFLOW_API_URL, 'env'],
      [file.apiUrl, 'file'],
    ],
    [DEFAULT_API_URL, 'default'],
  );
  const [token, tokenFrom] = pick<string | undefined>(
    [
      [flags.token, 'flag'],
      [env.GOVFLOW_TOKEN, 'env'],
      [file.token, 'file'],
    ],
    [undefined, 'none'],
  );
  return { apiUrl: apiUrl.replace(/\/+$/, ''), token, from: { apiUrl: apiFrom, token: tokenFrom } };
}

/** The config file's path: `$XDG_CONFIG_HOME/govflow/config.json`, else `~/.config/govflow/config.json`. */
export function configFilePath(env: CliEnv): string {
  return join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'govflow', 'config.json');
}

/** Reads the config file; a missing file is an empty config, a malformed one is an error naming the file. */
export function readConfigFile(path: string): CliConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
  const parsed = CliConfigFile.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  return parsed.data;
}

/** Reads the CLI's environment once (an empty variable counts as unset); nothing else touches process.env. */
export function readCliEnv(env: Record<string, string | undefined> = process.env): CliEnv {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = CliEnv.safeParse(set);
  if (!parsed.success) throw new Error(`invalid environment: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  return parsed.data;
}

/** Where `govflow login` signs in: `--issuer` > GOVFLOW_OIDC_ISSUER > config file > the local issuer. */
export function resolveIssuer(flag: string | undefined, env: CliEnv, file: CliConfigFile): string {
  return (flag || env.GOVFLOW_OIDC_ISSUER || file.issuer || DEFAULT_ISSUER).replace(/\/+$/, '');
}

/** Writes the config file readable by its owner only: it holds a bearer token. */
export function writeConfigFile(path: string, config: CliConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(CliConfigFile.parse(config), null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // `mode` applies only when the file is created; an older file may be world-readable
}
