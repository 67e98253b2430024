import { activePlansReport } from './activePlans';
import { complaintsReport } from './complaints';
import { cspMeasuresReport } from './cspMeasures';
import { paymentSummaryReport } from './paymentSummary';
import { referralSourcesReport } from './referralSources';
import { serviceRegistryReport } from './serviceRegistry';
import type { ReportDefinition } from './types';
import { waitTimesReport } from './waitTimes';

/** Every report served at /api/reports/<name>. */
export const REPORTS: ReadonlyMap<string, ReportDefinition<any>> = new Map(
  [cspMeasuresReport, referralSourcesReport, waitTimesReport, activePlansReport, paymentSummaryReport, serviceRegistryReport, complaintsReport].map((r) => [r.name, r]),
);
