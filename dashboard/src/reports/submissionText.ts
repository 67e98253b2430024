import type { useTranslate } from 'react-admin';
import type { ReportSubmission } from '../../../contract/submissions';
import { fiscalYearLabel } from '../reporting/period';

type Translate = ReturnType<typeof useTranslate>;

/** A message of the submissions pages. */
export const t = (key: string) => `app.submissions.${key}`;

/** "Interim (April–December) 2025–26, revision 2" */
export const submissionTitle = (submission: Pick<ReportSubmission, 'period' | 'fiscal_year' | 'revision'>, translate: Translate) =>
  translate(t('show_title'), {
    period: translate(t(`periods.${submission.period}`)),
    year: fiscalYearLabel(submission.fiscal_year),
    revision: submission.revision,
  });

/** A measure's definition as submitted, in French for a French reader when the submission kept one (those made before French definitions were kept did not). */
export const measureDefinition = (measure: { definition: string; definition_fr: string | null }, locale: string) =>
  locale === 'fr' && measure.definition_fr ? measure.definition_fr : measure.definition;

/** A measure's name in the chosen language, else as the ministry named it when submitted. */
export const measureName = (measure: { key: string; name: string }, translate: Translate) => translate(`app.reports.csp.measures.${measure.key}`, { _: measure.name });
