import type { Command } from 'commander';
import { createHttpClient, type HttpClient } from '../client/http-client.ts';
import { processOutput, type Output } from './output.ts';
import { lastWritePath, withReadYourWrites } from './last-write.ts';
import { configFilePath, readCliEnv, readConfigFile, resolveSettings } from './settings.ts';

/** Options every API command takes. */
export interface ApiOptions {
  apiUrl?: string;
  token?: string;
  json?: boolean;
}

/** Adds `--api-url`, `--token` and `--json` to a command that talks to the API. */
export function withApiOptions(cmd: Command): Command {
  return cmd
    .option(
      '--api-url <url>',
      'the govflow API (env GOVFLOW_API_URL, config file apiUrl; default http://127.0.0.1:8080)',
    )
    .option('--token <jwt>', 'bearer token (env GOVFLOW_TOKEN, config file token)')
    .option('--json', 'print the API response as JSON, for scripts');
}

/** Resolves settings (flags > env > config file > default) and builds the HTTP client and the output. */
export function apiContext(opts: ApiOptions): { api: HttpClient; output: Output } {
  const env = readCliEnv();
  const configFile = configFilePath(env);
  const settings = resolveSettings({
    flags: { apiUrl: opts.apiUrl, token: opts.token },
    env,
    file: readConfigFile(configFile),
  });
  return {
    api: withReadYourWrites(createHttpClient({ baseUrl: settings.apiUrl, token: settings.token }), lastWritePath(configFile)),
    output: processOutput(!!opts.json),
  };
}
