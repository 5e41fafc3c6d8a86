// Types for the set-up module shared by `npm start`, `npm test` and the benchmarks.
export declare const root: string;
export declare function applyStackPorts(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function stackRunning(): boolean;
