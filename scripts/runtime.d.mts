// Types for the runtime module of the set-up (the runtime test reads its pins).
export declare const NODE_RELEASES: { suite: string; smoke: string };
export declare const MIN_NODE: string;
export declare const cacheDir: string;
export declare function atLeast(a: string, b: string): boolean;
export declare function ensureRuntime(options?: { quiet?: boolean }): Promise<void>;
