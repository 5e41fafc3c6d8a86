const noop = (): void => {};

/** An SDK logger that keeps only errors, so test output stays readable. */
export const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => console.error(m) };
