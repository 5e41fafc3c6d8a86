/** A column of a table: which field, under which header. */
export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

const cell = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '-';
  if (Array.isArray(v)) return v.map(cell).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/\s+/g, ' ');
};

/** Renders rows as a plain aligned text table (no colours, so it pipes cleanly). */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** Renders key/value pairs, one per line, keys aligned. */
export function renderFields(fields: readonly [string, unknown][]): string {
  const width = Math.max(...fields.map(([k]) => k.length));
  return fields.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${cell(v)}`).join('\n');
}

/** Where a command writes: results to stdout, progress and errors to stderr. */
export interface Output {
  json: boolean;
  out(text: string): void;
  /** Shows what the command is waiting for; silent unless stderr is a terminal, so scripts see only results. */
  progress(text: string): void;
}

/** The process's output, in `--json` mode or not. */
export function processOutput(json: boolean): Output {
  return {
    json,
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    progress: (text) => {
      if (process.stderr.isTTY) process.stderr.write(`${text}\n`);
    },
  };
}

/** Prints `data` as JSON with `--json`, else as the human rendering. */
export function emit(output: Output, data: unknown, human: () => string): void {
  output.out(output.json ? JSON.stringify(data, null, 2) : human());
}
