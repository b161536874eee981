import type { Account } from '../../api/accounts';
import { statusLabels } from '../../api/accounts';
import { Badge } from '../../components/status';
import { type Column, DataTable } from '../../components/table';
import { Link } from '../../router';

export function statusTone(status: Account['status']): 'neutral' | 'good' | 'warn' | 'bad' {
  if (status === 'approved') return 'good';
  if (status === 'rejected' || status === 'suspended') return 'bad';
  if (status === 'submitted' || status === 'changes_requested') return 'warn';
  return 'neutral';
}

/** The accounts as a table, each linking to its page. */
export function AccountTable({
  caption,
  accounts,
  showOwners,
}: {
  caption: string;
  accounts: Account[];
  showOwners?: boolean;
}) {
  const columns: Column<Account>[] = [
    {
      header: 'Account',
      cell: (a) => (
        <Link to={`/accounts/${a.id}`}>{`${a.platformName}: ${a.handle ?? a.profileUrl ?? ''}`}</Link>
      ),
    },
    { header: 'Purpose', cell: (a) => a.purpose },
    { header: 'Status', cell: (a) => <Badge tone={statusTone(a.status)}>{statusLabels[a.status]}</Badge> },
    { header: 'Students', cell: (a) => (a.studentAccess.allowed ? 'May use it' : 'Not yet') },
  ];
  if (showOwners)
    columns.splice(2, 0, { header: 'Owners', cell: (a) => a.owners.map((o) => o.name).join(', ') });
  return <DataTable caption={caption} columns={columns} rows={accounts} rowKey={(a) => a.id} />;
}
