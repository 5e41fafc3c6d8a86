import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiProblem } from '../api.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { ProblemMessage } from '../problem.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { componentSchemas, type JsonSchema } from '../schema.ts';
import { shortType } from '../trail.ts';
import { useLoad } from '../use-load.ts';

interface Props {
  title: string;
  /** The request body's component in /openapi.json (EvidenceBody, DeploymentBody, ...). */
  schema: string;
  path: string;
  idPrefix: string;
  onDone: () => void;
  /** Open at first (a single action on the page). */
  open?: boolean;
}

/** One command of the API as a form built from its body's schema; the engine's refusal or the recorded events shown. */
export function CommandForm(p: Props): JSX.Element {
  const { t, term } = useI18n();
  const schemas = useLoad(componentSchemas, []);
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<string>();
  const schema: JsonSchema | undefined = schemas.data?.[p.schema];
  const submit = async (body: unknown) => {
    setDone(undefined);
    try {
      const receipt = await api<{ events: string[] }>('POST', p.path, body);
      setProblem(undefined);
      setDone(t('actions.done', { events: receipt.events.map((e) => term('event', shortType(e))).join(', ') }));
      p.onDone();
      return [];
    } catch (err) {
      const prob = err as ApiProblem;
      setProblem(prob);
      return prob.fields;
    }
  };
  return (
    <details class="command" open={p.open}>
      <summary>{p.title}</summary>
      {problem && <ProblemMessage problem={problem} />}
      {done && <p role="status" class="done">{done}</p>}
      {schema && schemas.data && <SchemaForm schema={schema} all={schemas.data} idPrefix={p.idPrefix} submitLabel={t('common.submit')} onSubmit={submit} />}
    </details>
  );
}
