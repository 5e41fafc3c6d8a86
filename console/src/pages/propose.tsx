import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, type ApiProblem } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { ProblemMessage } from '../problem.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { componentSchemas } from '../schema.ts';
import { useLoad } from '../use-load.ts';

/** The proposal form, generated from the proposal schema the API serves; the API's problems shown at their fields. */
export function Propose(): JSX.Element {
  const { t } = useI18n();
  const schemas = useLoad(componentSchemas, []);
  const [problem, setProblem] = useState<ApiProblem>();
  const submit = async (body: unknown) => {
    try {
      const r = await api<{ systemId: string }>('POST', '/v1/systems', body);
      location.hash = `#/systems/${encodeURIComponent(r.systemId)}`;
      return [];
    } catch (err) {
      const p = err as ApiProblem;
      setProblem(p);
      return p.fields;
    }
  };
  const schema = schemas.data?.ProposeBody;
  return (
    <section aria-labelledby="propose-title">
      <h1 id="propose-title">{t('propose.title')}</h1>
      {problem && problem.fields.length > 0 && <p role="alert" class="problem">{t('propose.problems', { count: problem.fields.length })}</p>}
      {problem && problem.fields.length === 0 && <ProblemMessage problem={problem} />}
      {!schema && <p>{t('common.loading')}</p>}
      {schema && schemas.data && <SchemaForm schema={schema} all={schemas.data} omit={['proposer']} idPrefix="proposal" submitLabel={t('propose.submit')} onSubmit={submit} />}
    </section>
  );
}
