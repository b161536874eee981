import { useState } from 'react';
import { schoolTermOf } from '../../../../src/shared/school-terms';
import { Page, Section } from '../../components/page';
import { ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { useAsync } from '../../use-async';
import { fetchGovernorsReport, governorsReportPdfUrl, type ReportValue } from './reports-api';

function valueWords(value: ReportValue): string {
  if (value.kind === 'text') return value.text;
  if (value.band === 'fewer_than_5')
    return value.kind === 'count' ? 'fewer than 5' : 'withheld (fewer than 5)';
  if (value.value === null) return 'none to measure';
  if (value.kind === 'percent') return `${value.value}%`;
  if (value.kind === 'hours') return `${value.value} hours`;
  return String(value.value);
}

/** The governors' report: counts only, for a range (the current term by default), with a PDF download. */
export function GovernorsReportPage() {
  const term = schoolTermOf(new Date().toISOString().slice(0, 10));
  const [from, setFrom] = useState(term.from);
  const [to, setTo] = useState(term.to);
  const report = useAsync(() => fetchGovernorsReport(from, to), [from, to]);
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
        <a href={governorsReportPdfUrl(from, to)} download>
          Download PDF
        </a>
      </form>
      {report.state === 'loading' ? <Loading /> : null}
      {report.state === 'error' ? (
        <ErrorNotice error={report.error} title="The report could not be made" />
      ) : null}
      {report.state === 'ready' ? (
        <>
          <p>
            <strong>{report.data.marking}</strong>. Produced by {report.data.producedBy.name} (
            {report.data.producedBy.role}) on {formatDateTime(report.data.producedAt)}.
          </p>
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
    </Page>
  );
}
