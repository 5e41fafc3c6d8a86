import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { api, type ApiProblem } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { AssessmentPreviewPanel } from '../parts/assessment-preview.tsx';
import { ScreeningQuestions } from '../parts/screening-questions.tsx';
import { ProblemMessage } from '../problem.tsx';
import { SchemaForm } from '../schema-form.tsx';
import { componentSchemas } from '../schema.ts';
import { useLoad } from '../use-load.ts';

const SCREENING = /^screening\.(.+)$/;
const inScreening = (path: string): boolean => SCREENING.test(path);

/**
 * The proposal form, generated from the proposal schema the API serves, with the screening questions of the packs
 * it falls under and a live preview of its assessment; the API's problems shown at their fields.
 */
export function Propose(): JSX.Element {
  const { t } = useI18n();
  const schemas = useLoad(componentSchemas, []);
  const [problem, setProblem] = useState<ApiProblem>();
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [body, setBody] = useState<Record<string, unknown>>();
  const extra = useMemo(() => ({ screening: answers }), [answers]);
  const unanswered = new Set((problem?.fields ?? []).flatMap((f) => SCREENING.exec(f.path)?.[1] ?? []).filter((id) => answers[id] === undefined));
  const submit = async (sent: unknown) => {
    try {
      const r = await api<{ systemId: string }>('POST', '/v1/systems', sent);
      location.hash = `#/systems/${encodeURIComponent(r.systemId)}`;
      return [];
    } catch (err) {
      const p = err as ApiProblem;
      setProblem(p);
      return p.fields;
    }
  };
  const schema = schemas.data?.ProposeBody;
  const jurisdictions = Array.isArray(body?.jurisdictions) ? (body.jurisdictions as string[]) : [];
  return (
    <section aria-labelledby="propose-title" class="propose">
      <h1 id="propose-title">{t('propose.title')}</h1>
      {problem && problem.fields.length > 0 && <p role="alert" class="problem">{t('propose.problems', { count: problem.fields.length })}</p>}
      {problem && problem.fields.length === 0 && <ProblemMessage problem={problem} />}
      {!schema && <p>{t('common.loading')}</p>}
      {schema && schemas.data && (
        <div class="propose-grid">
          <SchemaForm
            schema={schema} all={schemas.data} omit={['proposer', 'screening']} idPrefix="proposal" submitLabel={t('propose.submit')}
            onSubmit={submit} extra={extra} placedElsewhere={inScreening} onValue={setBody}
          >
            <ScreeningQuestions
              sector={typeof body?.sector === 'string' ? body.sector : undefined} jurisdictions={jurisdictions} answers={answers}
              onAnswer={(id, a) => setAnswers((old) => ({ ...old, [id]: a }))} problems={unanswered}
            />
          </SchemaForm>
          <AssessmentPreviewPanel body={body} />
        </div>
      )}
    </section>
  );
}
