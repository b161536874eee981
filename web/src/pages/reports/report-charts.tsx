import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { ReportFigure, ReportValue, TrendSeries } from './reports-api';

/** A figure's value in words, as the PDF gives it. */
export function valueWords(value: ReportValue): string {
  if (value.kind === 'text') return value.text;
  if (value.band === 'fewer_than_5')
    return value.kind === 'count' ? 'fewer than 5' : 'withheld (fewer than 5)';
  if (value.value === null) return 'none to measure';
  if (value.kind === 'percent') return `${value.value}%`;
  if (value.kind === 'hours') return `${value.value} hours`;
  return String(value.value);
}

const BAR = '#2f5d8a';

/**
 * A breakdown drawn as horizontal bars. The chart is a picture of the list beside it (which screen readers
 * read), so it is hidden from them; a suppressed count draws no bar and says "fewer than 5".
 */
export function BreakdownChart({ figure }: { figure: ReportFigure }) {
  const parts = (figure.parts ?? []).filter((p) => p.value.kind === 'count');
  if (parts.length < 2) return null;
  const data = parts.map((p) => ({
    name: p.label.length > 34 ? `${p.label.slice(0, 33)}…` : p.label,
    value: p.value.kind !== 'text' && p.value.value !== null ? p.value.value : 0,
    words: valueWords(p.value),
  }));
  return (
    <div className="report-chart" aria-hidden="true" data-chart={figure.key}>
      <ResponsiveContainer width="100%" height={28 * data.length + 30}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 72 }} accessibilityLayer={false}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 12 }} />
          <Bar dataKey="value" fill={BAR} isAnimationActive={false}>
            <LabelList dataKey="words" position="right" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** One headline figure over the last terms: a column per term, with its words as a table for everyone. */
export function TrendChart({ series }: { series: TrendSeries }) {
  const data = series.points.map((p) => ({
    term: p.term.replace(' term ', ' '),
    value: p.value.value ?? 0,
    words: valueWords(p.value),
  }));
  return (
    <figure className="report-trend" data-chart={`trend:${series.key}`}>
      <figcaption>{series.label}</figcaption>
      <div aria-hidden="true">
        <ResponsiveContainer width="100%" height={160}>
          <BarChart data={data} margin={{ top: 18, left: 0, right: 8 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} strokeDasharray="3 3" />
            <XAxis dataKey="term" tick={{ fontSize: 11 }} interval={0} />
            <YAxis allowDecimals={false} width={36} />
            <Bar dataKey="value" fill={BAR} isAnimationActive={false}>
              <LabelList dataKey="words" position="top" fontSize={11} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="visually-hidden">
        <table>
          <caption>{series.label} by term</caption>
          <tbody>
            {series.points.map((p) => (
              <tr key={p.term}>
                <th scope="row">{p.term}</th>
                <td>{valueWords(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details>
        <summary>Definition</summary>
        {series.definition}
      </details>
    </figure>
  );
}
