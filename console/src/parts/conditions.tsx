import type { JSX } from 'preact';
import { useI18n } from '../i18n.ts';
import type { SystemState } from '../types.ts';
import { CommandForm } from './command-form.tsx';

/** Conditions of approval with their status and evidence; the proposer or owner records evidence for an open one. */
export function ConditionsSection({ state, canAct, reload }: { state: SystemState; canAct: boolean; reload: () => void }): JSX.Element {
  const { t, term } = useI18n();
  const id = encodeURIComponent(state.systemId);
  return (
    <section aria-labelledby="conditions-title">
      <h2 id="conditions-title">{t('conditions.title')}</h2>
      {state.conditions.length === 0 && <p>{t('conditions.none')}</p>}
      <ul class="conditions">
        {state.conditions.map((c) => (
          <li key={c.id} data-condition={c.id}>
            <strong>{c.id}</strong> <span class={`mark status-${c.status}`}>{term('status', c.status)}</span>
            <p>{c.description}</p>
            <p class="muted">{t('conditions.due', { due: c.dueBefore })}</p>
            {c.evidence && <p>{t('conditions.evidence', { evidence: c.evidence, by: c.satisfiedBy ?? '' })}</p>}
            {canAct && c.status !== 'satisfied' && (
              <CommandForm title={t('conditions.record', { id: c.id })} schema="EvidenceBody" path={`/v1/systems/${id}/conditions/${encodeURIComponent(c.id)}/evidence`} idPrefix={`evidence-${c.id}`} onDone={reload} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
