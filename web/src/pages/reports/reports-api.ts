import { type ApiResponse, api, apiPath } from '../../api/client';

/** The governors' report endpoints (src/reports/reports.routes.ts); types are the generated ones. */

export type GovernorsReport = ApiResponse<'/api/reports/governors'>;
export type ReportFigure = GovernorsReport['sections'][number]['figures'][number];
export type ReportValue = ReportFigure['value'];
export type GovernorsTrends = ApiResponse<'/api/reports/governors/trends'>;
export type TrendSeries = GovernorsTrends['series'][number];

export const fetchGovernorsReport = (from: string, to: string, signal?: AbortSignal) =>
  api.get('/api/reports/governors', { query: { from, to }, signal });

export const fetchGovernorsTrends = (to: string, signal?: AbortSignal) =>
  api.get('/api/reports/governors/trends', { query: { to, terms: 6 }, signal });

export const governorsReportPdfUrl = (from: string, to: string) =>
  apiPath('/api/reports/governors.pdf', {}, { from, to });
