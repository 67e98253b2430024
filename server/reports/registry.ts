import { CSP_PROGRAMS, PROVIDER_PROGRAMS } from '../resources/programAreas';
import { activePlansReport } from './activePlans';
import { complaintsReport } from './complaints';
import { cspMeasuresReport } from './cspMeasures';
import { paymentReconciliationReport } from './paymentReconciliation';
import { paymentSummaryReport } from './paymentSummary';
import { referralSourcesReport } from './referralSources';
import { serviceRegistryReport } from './serviceRegistry';
import type { ReportDefinition } from './types';
import { waitTimesReport } from './waitTimes';

/** Every report served at /api/reports/<name>, with the programme area each belongs to (none: all). */
export const REPORTS: ReadonlyMap<string, ReportDefinition<any>> = new Map(
  [
    { ...cspMeasuresReport, programs: CSP_PROGRAMS },
    referralSourcesReport,
    { ...waitTimesReport, programs: CSP_PROGRAMS },
    activePlansReport,
    { ...paymentSummaryReport, programs: PROVIDER_PROGRAMS },
    { ...serviceRegistryReport, programs: CSP_PROGRAMS },
    { ...complaintsReport, programs: CSP_PROGRAMS },
    { ...paymentReconciliationReport, programs: PROVIDER_PROGRAMS },
  ].map((r) => [r.name, r]),
);
