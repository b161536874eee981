import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { schoolTermOf } from '../../../../src/shared/school-terms';
import { Page, Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { BreakdownChart, TrendChart, valueWords } from './report-charts';
import { fetchGovernorsReport, fetchGovernorsTrends, governorsReportPdfUrl } from './reports-api';

/**
 * The governors' report: counts only, for a range (the current term by default), with charts of each
 * breakdown, trends over the last six terms, every figure's definition one click away, and a PDF download.
 */
const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

export function GovernorsReportPage() {
  const term = schoolTermOf(new Date().toISOString().slice(0, 10));
  const [from, setFrom] = useState(term.from);
  const [to, setTo] = useState(term.to);
  const valid = isIsoDate(from) && isIsoDate(to) && from <= to;
  const report = useQuery({
    queryKey: ['/api/reports/governors', from, to],
    queryFn: ({ signal }) => fetchGovernorsReport(from, to, signal),
    enabled: valid,
  });
  const trends = useQuery({
    queryKey: ['/api/reports/governors/trends', to],
    queryFn: ({ signal }) => fetchGovernorsTrends(to, signal),
    enabled: valid,
  });
  return (
    <Page
      title="Governors' report"
      intro={`Counts only: no child, carer or reporter is named. Counts of 1 to 4 show as "fewer than 5". Default range: ${term.name}.`}
    >
      <form className="card" onSubmit={(e) => e.preventDefault()}>
        <label>
          From <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
        </label>{' '}
        <label>
          To <input type="date" value={to} required onChange={(e) => setTo(e.target.value)} />
        </label>{' '}
        {valid ? (
          <a href={governorsReportPdfUrl(from, to)} download>
            Download PDF
          </a>
        ) : (
          <span role="status">Choose a first day on or before the last day.</span>
        )}
      </form>
      {valid && report.isPending ? <Loading /> : null}
      {report.isError ? <ErrorNotice error={report.error} title="The report could not be made" /> : null}
      {report.data ? (
        <>
          <p>
            <strong>{report.data.marking}</strong>. Produced by {report.data.producedBy.name} (
            {report.data.producedBy.role}) on {formatDateTime(report.data.producedAt)}. The same range always
            gives the same figures.
          </p>
          <details className="card">
            <summary>Definitions of every figure</summary>
            <table className="report-definitions">
              <caption className="visually-hidden">What each figure counts</caption>
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  <th scope="col">What it counts</th>
                </tr>
              </thead>
              <tbody>
                {report.data.definitions.map((d) => (
                  <tr key={d.key}>
                    <th scope="row">{d.label}</th>
                    <td>{d.definition}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
          {report.data.sections.map((section) => (
            <Section key={section.key} title={section.title} id={`report-${section.key}`}>
              <dl>
                {section.figures.map((figure) => (
                  <div key={figure.key}>
                    <dt>{figure.label}</dt>
                    <dd>
                      <strong>{valueWords(figure.value)}</strong>
                      <details>
                        <summary>Definition</summary>
                        {figure.definition}
                      </details>
                      <BreakdownChart figure={figure} />
                      {figure.parts?.length ? (
                        <ul>
                          {figure.parts.map((part) => (
                            <li key={part.key}>
                              {part.label}: {valueWords(part.value)}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </dd>
                  </div>
                ))}
              </dl>
            </Section>
          ))}
        </>
      ) : null}
      <Section title="Trends over the last terms" id="report-trends">
        {trends.isError ? <ErrorNotice error={trends.error} title="The trends could not be made" /> : null}
        {valid && trends.isPending ? <Loading /> : null}
        {trends.data ? (
          <div className="report-trends">
            {trends.data.series.map((series) => (
              <TrendChart key={series.key} series={series} />
            ))}
          </div>
        ) : null}
      </Section>
    </Page>
  );
}
