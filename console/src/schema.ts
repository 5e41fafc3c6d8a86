// The JSON Schemas the API serves in /openapi.json, read to build forms: the console learns each command's fields
// from the API instead of repeating them.

/** The parts of a JSON Schema the forms read. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

interface OpenApi {
  components?: { schemas?: Record<string, JsonSchema> };
}

let doc: Promise<OpenApi> | undefined;

/** The API's component schemas (fetched once). */
export async function componentSchemas(): Promise<Record<string, JsonSchema>> {
  doc ??= fetch('/openapi.json').then((r) => r.json() as Promise<OpenApi>);
  return (await doc).components?.schemas ?? {};
}

/** A schema with references and nullable unions resolved to the one shape a field has. */
export function resolve(s: JsonSchema, all: Record<string, JsonSchema>): JsonSchema {
  if (s.$ref) return resolve(all[s.$ref.replace('#/components/schemas/', '')] ?? {}, all);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const real = branches.filter((b) => b.type !== 'null');
    if (real.length === 1) return resolve(real[0]!, all);
  }
  if (s.allOf?.length === 1) return resolve(s.allOf[0]!, all);
  return s;
}

/** The kind of input a schema calls for. */
export type FieldKind = 'object' | 'enum' | 'boolean' | 'number' | 'enumList' | 'textList' | 'text' | 'longText';

export function kindOf(s: JsonSchema, all: Record<string, JsonSchema>): FieldKind {
  const r = resolve(s, all);
  if (r.properties) return 'object';
  if (r.enum) return 'enum';
  const type = Array.isArray(r.type) ? r.type.find((t) => t !== 'null') : r.type;
  if (type === 'boolean') return 'boolean';
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'array') return r.items && resolve(r.items, all).enum ? 'enumList' : 'textList';
  return (r as { maxLength?: number }).maxLength && (r as { maxLength: number }).maxLength > 500 ? 'longText' : 'text';
}

/** Raw form values by dotted path: what the person typed, ticked or chose. */
export type RawValues = Record<string, string | boolean | string[]>;

/**
 * The request body the raw values make under `s`: empty text is left out, an optional group nobody filled in is
 * left out, numbers and lists are converted; the API judges the rest and names each bad field.
 */
export function buildValue(s: JsonSchema, all: Record<string, JsonSchema>, raw: RawValues, path = '', required = true): unknown {
  const r = resolve(s, all);
  const v = raw[path];
  switch (kindOf(r, all)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(r.properties ?? {})) {
        const value = buildValue(child, all, raw, path ? `${path}.${key}` : key, (r.required ?? []).includes(key));
        if (value !== undefined) out[key] = value;
      }
      return required || given(out) ? out : undefined;
    }
    case 'boolean':
      return v === true ? true : required ? false : undefined;
    case 'number':
      return typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined;
    case 'enumList':
      return Array.isArray(v) && v.length > 0 ? v : required ? [] : undefined;
    case 'textList': {
      const items = typeof v === 'string' ? v.split('\n').map((x) => x.trim()).filter(Boolean) : [];
      return items.length > 0 ? items : required ? [] : undefined;
    }
    default:
      return typeof v === 'string' && v.trim() !== '' ? v : undefined;
  }
}

/** True when a built value holds something a person gave: not only unticked boxes, empty lists and empty groups. */
function given(v: unknown): boolean {
  if (v === false || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && v !== null) return Object.values(v).some(given);
  return true;
}

/** The field a problem's path belongs to: `evidence.bias.metrics[0]` is the `evidence.bias.metrics` list. */
export const fieldOfPath = (path: string): string => path.replace(/\[\d+\].*$/, '');
