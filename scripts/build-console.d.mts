export interface ConsoleBuild {
  built: boolean;
  dir: string;
  js: string;
  css: string;
  jsBytes: number;
  jsGzipBytes: number;
}
export function consoleDir(env?: Record<string, string | undefined>): string;
export function ensureConsole(opts?: { env?: Record<string, string | undefined>; log?: (message: string) => void }): Promise<ConsoleBuild>;
