import { useQuery } from '@tanstack/react-query';
import { myReceiptsQuery } from '../../api/queries';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { statusLabels, typeShortLabels } from './labels';
import './concerns.css';

/** `/concerns/mine`: the reporter's receipts, status only; the DSL's notes and decisions stay with the DSL. */
export function MyReportsPage() {
  const receipts = useQuery(myReceiptsQuery());
  return (
    <Page
      title="My reports"
      intro="The concerns you have reported and where each one stands. What the DSL records stays confidential."
      actions={
        <Link to="/concerns/report" className="button button--primary">
          Report a concern
        </Link>
      }
    >
      {receipts.isPending ? <Loading /> : null}
      {receipts.isError ? (
        <ErrorNotice error={receipts.error} title="Your reports could not be loaded" />
      ) : null}
      {receipts.isSuccess ? (
        receipts.data.receipts.length === 0 ? (
          <Empty>You have not reported any concerns.</Empty>
        ) : (
          <ul className="concern-receipts" aria-label="My reports">
            {receipts.data.receipts.map((r) => (
              <li key={r.reference} className="card concern-receipt-row">
                <p className="concern-receipt-row__ref">{r.reference}</p>
                <p className="muted">
                  {typeShortLabels[r.type]} · reported {formatDateTime(r.reportedAt)}
                </p>
                <Badge tone={r.status === 'new' ? 'warn' : r.status === 'open' ? 'neutral' : 'good'}>
                  {statusLabels[r.status]}
                </Badge>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </Page>
  );
}
