import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from './i18n.ts';
import { buildValue, fieldOfPath, kindOf, resolve, type JsonSchema, type RawValues } from './schema.ts';

interface Props {
  /** The request body's schema, from the API's OpenAPI document. */
  schema: JsonSchema;
  all: Record<string, JsonSchema>;
  /** Top-level fields not to ask for (the API fills them from the token). */
  omit?: readonly string[];
  idPrefix: string;
  submitLabel: string;
  /** Sends the body; resolves with the API's field problems (empty when accepted). */
  onSubmit: (body: unknown) => Promise<readonly { path: string; message: string }[]>;
  /** Fields asked for outside the generated ones (merged into the body as they are). */
  extra?: Record<string, unknown>;
  /** Problems at these paths are shown by whoever asks for those fields, not listed here. */
  placedElsewhere?: (path: string) => boolean;
  /** Told the body the form would send now, on every change (a live preview reads it). */
  onValue?: (body: Record<string, unknown>) => void;
  /** Asked after the generated fields, before the submit button. */
  children?: ComponentChildren;
}

const idOf = (prefix: string, path: string) => `${prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** A form generated from a JSON Schema: one labelled input per field, each API problem shown at its field. */
export function SchemaForm(props: Props): JSX.Element {
  const { t } = useI18n();
  const [raw, setRaw] = useState<RawValues>({});
  const [problems, setProblems] = useState<readonly { path: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (path: string, value: string | boolean | string[]) => setRaw((r) => ({ ...r, [path]: value }));
  const byField = new Map<string, string[]>();
  for (const p of problems) byField.set(fieldOfPath(p.path), [...(byField.get(fieldOfPath(p.path)) ?? []), p.message]);
  const schema = resolve(props.schema, props.all);
  const shown = { ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => !props.omit?.includes(k))) };
  const body = (): Record<string, unknown> => ({ ...(buildValue(shown, props.all, raw) as Record<string, unknown>), ...props.extra });
  useEffect(() => props.onValue?.(body()), [raw, props.extra]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const found = await props.onSubmit(body());
      setProblems(found);
      if (found.length > 0) document.getElementById(idOf(props.idPrefix, fieldOfPath(found[0]!.path)))?.focus();
    } finally {
      setBusy(false);
    }
  };
  const field = { all: props.all, raw, set, byField, prefix: props.idPrefix };
  const unplaced = problems.filter((p) => !fieldExists(shown, props.all, fieldOfPath(p.path)) && !props.placedElsewhere?.(p.path));
  return (
    <form onSubmit={submit} noValidate class="schema-form">
      {unplaced.length > 0 && (
        <ul class="problems" role="alert">
          {unplaced.map((p) => <li key={p.path}>{`${p.path}: ${p.message}`}</li>)}
        </ul>
      )}
      <Fields schema={shown} path="" required={true} {...field} />
      {props.children}
      <button type="submit" disabled={busy}>{props.submitLabel}</button>
      {busy && <span class="muted">{t('common.loading')}</span>}
    </form>
  );
}

function fieldExists(s: JsonSchema, all: Record<string, JsonSchema>, path: string): boolean {
  let cur: JsonSchema | undefined = s;
  for (const key of path.split('.')) cur = cur ? resolve(cur, all).properties?.[key] : undefined;
  return cur !== undefined;
}

interface FieldProps {
  schema: JsonSchema;
  path: string;
  required: boolean;
  all: Record<string, JsonSchema>;
  raw: RawValues;
  set: (path: string, v: string | boolean | string[]) => void;
  byField: Map<string, string[]>;
  prefix: string;
}

function Fields(p: FieldProps): JSX.Element {
  const r = resolve(p.schema, p.all);
  const children = Object.entries(r.properties ?? {}).map(([key, child]) => (
    <Field key={key} {...p} schema={child} path={p.path ? `${p.path}.${key}` : key} required={(r.required ?? []).includes(key)} />
  ));
  return <>{children}</>;
}

function Field(p: FieldProps): JSX.Element {
  const { t, term } = useI18n();
  const key = p.path.split('.').at(-1)!;
  const label = term('field', key);
  const id = idOf(p.prefix, p.path);
  const errors = p.byField.get(p.path) ?? [];
  const errorId = `${id}-error`;
  const kind = kindOf(p.schema, p.all);
  const r = resolve(p.schema, p.all);
  const aria = { 'aria-invalid': errors.length > 0 ? ('true' as const) : undefined, 'aria-describedby': errors.length > 0 ? errorId : undefined };
  const error = errors.length > 0 && <p id={errorId} class="field-error">{t('form.problem', { message: errors.join('; ') })}</p>;
  const optional = !p.required && <span class="muted"> ({t('common.optional')})</span>;
  if (kind === 'object') {
    const inner = <Fields {...p} schema={r} />;
    if (p.required) return <fieldset id={id} tabIndex={-1}><legend>{label}</legend>{error}{inner}</fieldset>;
    return <details><summary>{label}{optional}</summary><fieldset id={id} tabIndex={-1}><legend class="visually-hidden">{label}</legend>{error}{inner}</fieldset></details>;
  }
  if (kind === 'boolean')
    return <div class="field check"><input type="checkbox" id={id} checked={p.raw[p.path] === true} onChange={(e) => p.set(p.path, e.currentTarget.checked)} {...aria} /><label for={id}>{label}</label>{error}</div>;
  if (kind === 'enumList') {
    const chosen = (p.raw[p.path] as string[] | undefined) ?? [];
    const options = (resolve(r.items!, p.all).enum ?? []).map(String);
    return (
      <fieldset id={id} tabIndex={-1} class="field choices" {...aria}>
        <legend>{label}{optional}</legend>
        {options.map((o) => (
          <label key={o} class="choice"><input type="checkbox" checked={chosen.includes(o)} onChange={(e) => p.set(p.path, e.currentTarget.checked ? [...chosen, o] : chosen.filter((x) => x !== o))} />{term(key === 'sector' ? 'sector' : 'enum', o)}</label>
        ))}
        {error}
      </fieldset>
    );
  }
  const value = typeof p.raw[p.path] === 'string' ? (p.raw[p.path] as string) : '';
  const onInput = (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => p.set(p.path, e.currentTarget.value);
  let input: JSX.Element;
  if (kind === 'enum')
    input = (
      <select id={id} value={value} onChange={onInput} {...aria}>
        <option value="">—</option>
        {(r.enum ?? []).map(String).map((o) => <option key={o} value={o}>{term(key, o)}</option>)}
      </select>
    );
  else if (kind === 'number') input = <input id={id} type="number" inputMode="numeric" value={value} onInput={onInput} {...aria} />;
  else if (kind === 'textList' || kind === 'longText') input = <textarea id={id} rows={kind === 'longText' ? 3 : 2} value={value} onInput={onInput} {...aria} />;
  else input = <input id={id} type="text" value={value} onInput={onInput} {...aria} />;
  return (
    <div class="field">
      <label for={id}>{label}{optional}{kind === 'textList' && <span class="muted"> — {t('common.onePerLine')}</span>}</label>
      {input}
      {error}
    </div>
  );
}
