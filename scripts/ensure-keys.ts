// Creates the local event and command key files once (in the state folder by default); an existing file is kept.
import { ensureKeyFile } from '../adapters/signing-keys.ts';
import { loadConfig } from '../config/config.ts';

const config = loadConfig();
for (const [what, path] of [
  ['event-signing', config.GOVFLOW_EVENT_KEY_FILE],
  ['command-signing', config.GOVFLOW_COMMAND_KEY_FILE],
] as const) {
  if (await ensureKeyFile(path)) process.stdout.write(`[govflow] created a local ${what} key pair in ${path}\n`);
}
