import type { JSX } from 'preact';
import { useI18n, type MessageKey } from '../i18n.ts';
import type { SystemState } from '../types.ts';
import { CommandForm } from './command-form.tsx';

/** The product team's commands, offered where the stage admits them; the API has the last word on each. */
const ACTIONS: { key: MessageKey; schema: string; path: string; stages: string[] }[] = [
  { key: 'action.amend', schema: 'AmendBody', path: 'amendments', stages: ['changes_requested', 'suspended'] },
  { key: 'action.deploy', schema: 'DeploymentBody', path: 'deployments', stages: ['approved', 'deployed'] },
  { key: 'action.incident', schema: 'IncidentBody', path: 'incidents', stages: ['approved', 'deployed'] },
  { key: 'action.report', schema: 'TransparencyReportBody', path: 'transparency-reports', stages: ['approved', 'deployed', 'suspended'] },
  { key: 'action.modify', schema: 'ModificationBody', path: 'modifications', stages: ['approved', 'deployed'] },
  { key: 'action.retire', schema: 'RetirementBody', path: 'retirement', stages: ['approved', 'deployed', 'suspended', 'changes_requested'] },
];

export function ActionsSection({ state, reload }: { state: SystemState; reload: () => void }): JSX.Element | null {
  const { t } = useI18n();
  const offered = ACTIONS.filter((a) => a.stages.includes(state.stage));
  if (offered.length === 0) return null;
  const id = encodeURIComponent(state.systemId);
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actions.title')}</h2>
      {offered.map((a) => (
        <CommandForm key={a.key} title={t(a.key)} schema={a.schema} path={`/v1/systems/${id}/${a.path}`} idPrefix={a.path} onDone={reload} />
      ))}
    </section>
  );
}
