import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type AccountDetail,
  type Decision,
  decideAccount,
  fetchAccount,
  retireAccount,
  statusLabels,
  submitAccount,
  verifyAccountNow,
} from '../../api/accounts';
import { Banner } from '../../components/banner';
import { Button } from '../../components/button';
import { Page, Section } from '../../components/page';
import { Badge, ErrorNotice, Loading } from '../../components/status';
import { formatDate, formatDateTime } from '../../format';
import { Link } from '../../router';
import { statusTone } from './account-list';
import { ConnectionPanel } from './connection-panel';

const aupLabels: Record<string, string> = {
  found: 'Verified: the About page links to the AUP',
  not_found: 'No link to the AUP found',
  could_not_check: 'Could not check',
  attested: 'Attested by the owner (not verified)',
};

/** `/accounts/:id`: one account, what students may do with it, its checks, history and decisions. */
export function AccountPage({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const account = useQuery({ queryKey: ['/api/accounts/{id}', id], queryFn: () => fetchAccount(id) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['/api/accounts/{id}', id] });
  return (
    <Page title="School social media account">
      {account.isPending ? <Loading /> : null}
      {account.isError ? <ErrorNotice error={account.error} title="The account could not be loaded" /> : null}
      {account.data ? <AccountContent account={account.data} reload={reload} /> : null}
    </Page>
  );
}

function AccountContent({ account, reload }: { account: AccountDetail; reload(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const can = (ability: string) => account.abilities.includes(ability);

  async function act(run: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      setReason('');
      reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const decide = (decision: Decision) =>
    act(() => decideAccount(account.id, decision, reason.trim() || undefined));
  const decisions: {
    ability: string;
    decision: Decision;
    label: string;
    variant: 'primary' | 'secondary' | 'danger';
  }[] = [
    { ability: 'approve', decision: 'approve', label: 'Approve', variant: 'primary' },
    {
      ability: 'request_changes',
      decision: 'request_changes',
      label: 'Request changes',
      variant: 'secondary',
    },
    { ability: 'reject', decision: 'reject', label: 'Reject', variant: 'danger' },
    { ability: 'suspend', decision: 'suspend', label: 'Suspend', variant: 'danger' },
    { ability: 'reinstate', decision: 'reinstate', label: 'Reinstate', variant: 'primary' },
  ];
  const needsReason = decisions.some((d) => can(d.ability)) || can('retire');

  return (
    <>
      <h2 className="account-title">
        {account.platformName}: {account.handle ?? account.profileUrl}{' '}
        <Badge tone={statusTone(account.status)}>{statusLabels[account.status]}</Badge>
      </h2>
      <Banner
        tone={account.studentAccess.allowed ? 'success' : 'warning'}
        title={account.studentAccess.message}
        id="student-access"
      />
      {error ? <ErrorNotice error={error} title="That did not work" /> : null}

      <Section title="Details">
        <dl className="details">
          <dt>Purpose</dt>
          <dd>{account.purpose}</dd>
          <dt>Profile</dt>
          <dd>{account.profileUrl}</dd>
          <dt>Linked email</dt>
          <dd>{account.linkedEmail}</dd>
          <dt>Owners</dt>
          <dd id="owners">
            {account.owners.map((o) => `${o.name} (${o.primary ? 'owner' : 'co-owner'})`).join(', ')}
          </dd>
          <dt>Audience</dt>
          <dd>{account.audience.join(', ') || 'Not given'}</dd>
          {account.approvalExpiresOn ? (
            <>
              <dt>Approved until</dt>
              <dd>{formatDate(account.approvalExpiresOn)}</dd>
            </>
          ) : null}
          <dt>AUP link (clause 2.8)</dt>
          <dd id="aup-status">{account.aup.status ? aupLabels[account.aup.status] : 'Not checked yet'}</dd>
        </dl>
      </Section>

      <ConnectionPanel accountId={account.id} />

      {account.findings.length > 0 || account.readiness.problems.length > 0 ? (
        <Section title="Checks" id="checks">
          <ul>
            {account.readiness.problems
              .filter((p) => p.code !== 'TextBlocked')
              .map((p) => (
                <li key={p.code}>{p.message}</li>
              ))}
            {account.findings.map((f) => (
              <li key={`${f.field}-${f.rule}-${f.message}`}>
                <Badge tone={f.severity === 'block' ? 'bad' : f.severity === 'review' ? 'warn' : 'neutral'}>
                  {f.severity}
                </Badge>{' '}
                {f.field === 'about' ? 'About text' : 'Purpose'}: {f.message} (clause {f.clause},{' '}
                {f.clauseTitle})
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section title="Actions" id="actions">
        {needsReason ? (
          <div className="field">
            <label htmlFor="decision-reason">Reason</label>
            <p className="field__hint" id="decision-reason-hint">
              Needed to reject, request changes or suspend; recorded with the decision.
            </p>
            <textarea
              id="decision-reason"
              aria-describedby="decision-reason-hint"
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
        ) : null}
        <div className="actions">
          {can('edit') ? (
            <Link className="button button--secondary" to={`/accounts/${account.id}/edit`}>
              Edit
            </Link>
          ) : null}
          {can('submit') ? (
            <Button busy={busy} onClick={() => act(() => submitAccount(account.id))}>
              Submit for approval
            </Button>
          ) : null}
          {decisions
            .filter((d) => can(d.ability))
            .map((d) => (
              <Button key={d.decision} variant={d.variant} busy={busy} onClick={() => decide(d.decision)}>
                {d.label}
              </Button>
            ))}
          {can('verify') ? (
            <Button variant="secondary" busy={busy} onClick={() => act(() => verifyAccountNow(account.id))}>
              Check the AUP link now
            </Button>
          ) : null}
          {can('retire') ? (
            <Button
              variant="quiet"
              busy={busy}
              onClick={() => act(() => retireAccount(account.id, reason.trim() || undefined))}
            >
              Retire
            </Button>
          ) : null}
        </div>
      </Section>

      <Section title="History" id="history">
        <ol>
          {account.history.map((h) => (
            <li key={`${h.at}-${h.to}`}>
              {formatDateTime(h.at)}: {statusLabels[h.from]} → {statusLabels[h.to]} by {h.by}
              {h.reason ? ` — ${h.reason}` : ''}
            </li>
          ))}
        </ol>
      </Section>

      {account.aupChecks.length > 0 ? (
        <Section title="AUP link checks" id="aup-checks">
          <ol>
            {account.aupChecks.map((c) => (
              <li key={c.checkedAt}>
                {formatDateTime(c.checkedAt)}: {aupLabels[c.result] ?? c.result} — {c.reason} ({c.trigger})
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
    </>
  );
}
