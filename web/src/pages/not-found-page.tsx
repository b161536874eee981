import { Page } from '../components/page';
import { Link } from '../router';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <div className="card">
        <p>There is no page at this address, or you do not have access to it.</p>
        <p>
          <Link to="/">Go to the overview</Link>
        </p>
      </div>
    </Page>
  );
}
