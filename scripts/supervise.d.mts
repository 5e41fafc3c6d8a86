// Types for the supervisor module of `npm start`.
import type { ChildProcess } from 'node:child_process';

export declare function restartDelay(attempt: number, options: { initialMs: number; maxMs: number }): number;
export interface Supervised {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}
export declare function supervise(options: {
  name: string;
  start: () => ChildProcess;
  log: (line: string) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  healthyAfterMs?: number;
  stopTimeoutMs?: number;
}): Supervised;
