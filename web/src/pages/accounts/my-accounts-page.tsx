import { useQuery } from '@tanstack/react-query';
import { myAccountsQuery } from '../../api/queries';
import { Page } from '../../components/page';
import { Empty, ErrorNotice, Loading } from '../../components/status';
import { Link } from '../../router';
import { useMe } from '../../session';
import { AccountTable } from './account-list';
import { PersonalHandlesSection } from './personal-handles';

/** `/accounts`: the educational accounts I own or co-own (policy section 2). */
export function MyAccountsPage() {
  const me = useMe();
  const mine = useQuery(myAccountsQuery());
  return (
    <Page
      title="My school social media accounts"
      intro="Educational accounts must be registered and approved by a manager or SMT before students are told about them (clause 2.2)."
      actions={
        <Link className="button button--primary" to="/accounts/new">
          Register an account
        </Link>
      }
    >
      {mine.isPending ? <Loading /> : null}
      {mine.isError ? <ErrorNotice error={mine.error} title="Your accounts could not be loaded" /> : null}
      {mine.isSuccess && mine.data.items.length === 0 ? (
        <Empty>You have no registered accounts yet.</Empty>
      ) : null}
      {mine.isSuccess && mine.data.items.length > 0 ? (
        <AccountTable caption="My accounts" accounts={mine.data.items} />
      ) : null}
      <p className="muted">
        Parents and pupils can check whether an account is official on the{' '}
        <a href={`/verify?school=${encodeURIComponent(me.school.id)}`}>public verification page</a>.
      </p>
      <PersonalHandlesSection />
    </Page>
  );
}
