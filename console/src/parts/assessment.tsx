import type { JSX } from 'preact';
import { duration } from '../format.ts';
import { useI18n } from '../i18n.ts';
import type { Assessment } from '../types.ts';

/** The risk assessment explained pillar by pillar: each fired rule with its reason, then why the tier and what follows. */
export function AssessmentSection({ assessment }: { assessment: Assessment | null }): JSX.Element {
  const { t, term } = useI18n();
  if (!assessment)
    return (
      <section aria-labelledby="assessment-title"><h2 id="assessment-title">{t('assessment.title')}</h2><p>{t('assessment.pending')}</p></section>
    );
  const o = assessment.obligations;
  return (
    <section aria-labelledby="assessment-title" class="assessment">
      <h2 id="assessment-title">{t('assessment.title')}</h2>
      <p>{t('assessment.total', { score: assessment.totalScore, tier: term('tier', assessment.tier) })}</p>
      {assessment.assessedFor && <p>{t('assessment.assessedFor', { date: assessment.assessedFor })}</p>}
      {Object.entries(assessment.pillarScores).map(([pillar, score]) => {
        const rules = assessment.firedRules.filter((r) => r.pillar === pillar);
        return (
          <div class="pillar" key={pillar}>
            <h3>{term('pillar', pillar)} <span class="score">{t('assessment.score')}: {score}</span></h3>
            {rules.length === 0 ? (
              <p class="muted">{t('assessment.noRules')}</p>
            ) : (
              <ul aria-label={t('assessment.rules')}>
                {rules.map((r) => <li key={r.ruleId}><code>{r.ruleId}</code> (+{r.score}): {r.reason}</li>)}
              </ul>
            )}
          </div>
        );
      })}
      <h3>{t('assessment.why')}</h3>
      <ul>
        {assessment.tierReasons.map((r) => <li key={r}>{r}</li>)}
        {assessment.prohibitedMatches.map((m) => <li key={m.id}>{t('assessment.prohibited', { reason: m.reason })}</li>)}
      </ul>
      {o && (
        <>
          <h3>{t('assessment.obligations')}</h3>
          <ul>
            <li>{t('assessment.quorum', { min: o.quorum.minVotes, share: typeof o.quorum.approvalShare === 'string' ? o.quorum.approvalShare : `${Math.round(o.quorum.approvalShare * 100)}%`, distinct: o.minDistinctApprovers })}</li>
            <li>{t('assessment.deadline', { duration: duration(o.reviewDeadline) })}</li>
            <li>{t('assessment.reReview', { duration: duration(o.reReviewInterval) })}</li>
          </ul>
        </>
      )}
    </section>
  );
}
