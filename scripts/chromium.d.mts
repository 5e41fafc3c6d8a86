// Types for the Chromium finder shared by the set-up, the browser tests and the report's PDF.
export declare function findChromium(env?: Record<string, string | undefined>): string | null;
export declare function ensureChromium(env?: NodeJS.ProcessEnv): string;
