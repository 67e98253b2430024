/**
 * Report answers: the header and the server's result types (server/reports/results.ts, the
 * one description both sides compile against; docs/api.md says the same in words).
 */
import type {
  ActivePlansResult,
  CspMeasuresResult,
  PaymentSummaryResult,
  ReferralSourcesResult,
  ReportHeader,
  WaitTimesResult,
} from '../../../server/reports/results';

export { SOURCE_TYPES } from '../../../server/reports/results';
export type { ReportHeader, SeriesPoint, SourceType } from '../../../server/reports/results';

export interface ReferralSourcesReport extends ReportHeader, ReferralSourcesResult {}
export interface WaitTimesReport extends ReportHeader, WaitTimesResult {}
export interface ActivePlansReport extends ReportHeader, ActivePlansResult {}
export interface PaymentSummaryReport extends ReportHeader, PaymentSummaryResult {}
export interface CspMeasuresReport extends ReportHeader, CspMeasuresResult {}
