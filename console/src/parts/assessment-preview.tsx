import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiProblem } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { AssessmentPreview } from '../types.ts';
import { AssessmentSection } from './assessment.tsx';

/** How long the proposer must pause typing before the preview is asked for again. */
const DEBOUNCE_MS = 350;

type Shown = { kind: 'idle' } | { kind: 'ready'; preview: AssessmentPreview } | { kind: 'incomplete'; fields: string[] } | { kind: 'failed'; problem: ApiProblem };

/**
 * The offline risk assessment of the proposal as it stands, from the engine's own assessment (the API's preview),
 * asked for once the proposer pauses; only the answer to the latest body is shown.
 */
export function AssessmentPreviewPanel({ body }: { body: Record<string, unknown> | undefined }): JSX.Element {
  const { t, term } = useI18n();
  const [shown, setShown] = useState<Shown>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!body) return;
    let current = true;
    const timer = setTimeout(() => {
      setBusy(true);
      api<AssessmentPreview>('POST', '/v1/assessments/preview', body).then(
        (preview) => current && setShown({ kind: 'ready', preview }),
        (err: unknown) => {
          if (!current) return;
          const problem = err instanceof ApiProblem ? err : new ApiProblem(0, 'NETWORK', String(err));
          setShown(problem.fields.length > 0 ? { kind: 'incomplete', fields: [...new Set(problem.fields.map((f) => f.path))] } : { kind: 'failed', problem });
        },
      ).finally(() => current && setBusy(false));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [JSON.stringify(body)]);
  const tier = shown.kind === 'ready' ? shown.preview.assessment.tier : undefined;
  return (
    <aside class="preview" aria-labelledby="preview-title" data-testid="preview" data-tier={tier} aria-busy={busy ? 'true' : 'false'}>
      <h2 id="preview-title">{t('preview.title')}</h2>
      <p class="muted">{t('preview.explain')}</p>
      <div role="status" class="preview-status">
        {shown.kind === 'ready' && <strong>{t('preview.tier', { tier: term('tier', shown.preview.assessment.tier) })}</strong>}
        {shown.kind === 'incomplete' && t('preview.incomplete', { count: shown.fields.length })}
        {shown.kind === 'failed' && t('preview.failed')}
      </div>
      {shown.kind === 'incomplete' && <p class="muted">{shown.fields.join(', ')}</p>}
      {shown.kind === 'ready' && (
        <>
          <p class="muted">{t('preview.packs', { packs: shown.preview.packs.join(', ') })}</p>
          <AssessmentSection assessment={shown.preview.assessment} />
        </>
      )}
    </aside>
  );
}
