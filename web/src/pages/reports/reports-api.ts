import { api } from '../../api/client';

/** Shapes of src/reports/reports.routes.ts, one function per endpoint. */

export type ReportValue =
  | { kind: 'count' | 'percent' | 'hours'; value: number | null; band: 'fewer_than_5' | null }
  | { kind: 'text'; text: string };

export interface ReportFigure {
  key: string;
  label: string;
  definition: string;
  value: ReportValue;
  parts?: { key: string; label: string; value: ReportValue }[];
}

export interface GovernorsReport {
  schoolName: string;
  from: string;
  to: string;
  marking: 'OFFICIAL';
  producedBy: { name: string; role: string };
  producedAt: string;
  sections: { key: string; title: string; figures: ReportFigure[] }[];
}

const rangeQuery = (from: string, to: string) =>
  `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

export function fetchGovernorsReport(from: string, to: string): Promise<GovernorsReport> {
  return api.get('/api/reports/governors', { query: { from, to } });
}

export function governorsReportPdfUrl(from: string, to: string): string {
  return `/api/reports/governors.pdf?${rangeQuery(from, to)}`;
}
