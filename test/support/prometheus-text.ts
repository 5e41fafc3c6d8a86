/** One sample of a scrape: metric name, labels and value. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/gy;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

/**
 * Parses the Prometheus text exposition format strictly: every line is a HELP, a TYPE or a sample, every sample
 * belongs to a family declared by a TYPE line, and every value is a number. Throws naming the first bad line.
 */
export function parsePrometheusText(text: string): Sample[] {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = TYPE.exec(line);
    if (type) {
      families.set(type[1]!, type[2]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${line}`);
    const [, name, rawLabels = '', rawValue] = m as unknown as [string, string, string | undefined, string];
    const family = name.replace(/_(bucket|sum|count|total|created)$/, '');
    if (!families.has(name) && !families.has(family)) throw new Error(`line ${i + 1}: ${name} has no TYPE line`);
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < rawLabels.length) {
      const l = LABEL.exec(rawLabels);
      if (!l) throw new Error(`line ${i + 1}: bad labels {${rawLabels}}`);
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    }
    const value = rawValue === '+Inf' ? Infinity : rawValue === '-Inf' ? -Infinity : Number(rawValue);
    if (Number.isNaN(value) && rawValue !== 'NaN') throw new Error(`line ${i + 1}: value ${rawValue} is not a number`);
    samples.push({ name, labels, value });
  }
  return samples;
}

/** The samples of `name` whose labels include `labels`. */
export function samplesOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}
