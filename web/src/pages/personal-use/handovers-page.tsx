import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { linkTo } from '../../../../src/shared/links';
import { Button } from '../../components/button';
import { SelectField, TextField } from '../../components/field';
import { Page } from '../../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../../components/status';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { useMe } from '../../session';
import {
  completeHandover,
  decideHandoverAccount,
  fetchHandover,
  fetchHandovers,
  fetchStaff,
  type Handover,
  handoverKeys,
  markStaffLeft,
} from './handovers-api';
import './personal-use.css';

const ownershipWords: Record<Handover['accounts'][number]['ownership'], string> = {
  sole_owner: 'Sole owner',
  primary_owner: 'Main owner, with others',
  co_owner: 'Co-owner',
};

/**
 * Leavers' handovers: each member of staff who has left, with what of theirs is still to hand over. An admin
 * or the headteacher marks someone as left here; SMT and the headteacher hand their accounts over.
 */
export function HandoversPage() {
  const me = useMe();
  const list = useQuery({ queryKey: handoverKeys.list, queryFn: ({ signal }) => fetchHandovers(signal) });
  const marksLeavers = me.roles.some((r) => r === 'admin' || r === 'headteacher');
  return (
    <Page
      title="Leavers’ handovers"
      intro="When a member of staff leaves, each school account they own goes to a new owner or is closed, and what they approved is looked at again."
    >
      {marksLeavers ? <MarkLeaver /> : null}
      <section className="card" aria-labelledby="handovers-heading">
        <h2 id="handovers-heading">Handovers</h2>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <ErrorNotice error={list.error} title="Handovers could not be loaded" /> : null}
        {list.isSuccess && list.data.handovers.length === 0 ? <Empty>No one has left yet.</Empty> : null}
        {list.isSuccess && list.data.handovers.length > 0 ? (
          <ul className="exception-list">
            {list.data.handovers.map((h) => (
              <li key={h.id} className="exception">
                <h3 className="exception__title">
                  <Link to={linkTo('staffHandover', { id: h.id })}>{h.staffName}</Link>
                </h3>
                <p>
                  {h.status === 'done' ? (
                    <Badge tone="good">Done</Badge>
                  ) : (
                    <Badge tone="warn">{`${h.accountsLeft} account${h.accountsLeft === 1 ? '' : 's'} to hand over`}</Badge>
                  )}{' '}
                  Left {formatDateTime(h.openedAt)}
                </p>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </Page>
  );
}

function MarkLeaver() {
  const me = useMe();
  const queryClient = useQueryClient();
  const staff = useQuery({ queryKey: handoverKeys.staff, queryFn: ({ signal }) => fetchStaff(signal) });
  const [staffId, setStaffId] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const mark = useMutation({
    mutationFn: (id: string) => markStaffLeft(id),
    onSuccess: async () => {
      setStaffId('');
      setConfirmed(false);
      await queryClient.invalidateQueries({ queryKey: handoverKeys.list });
      await queryClient.invalidateQueries({ queryKey: handoverKeys.staff });
    },
  });
  const active = (staff.data?.staff ?? []).filter((s) => s.status === 'active' && s.id !== me.person.id);
  return (
    <section className="card" aria-labelledby="mark-left-heading">
      <h2 id="mark-left-heading">Someone is leaving</h2>
      <p>Marking a member of staff as left ends their sign-in at once and opens their handover for SMT.</p>
      {staff.isError ? <ErrorNotice error={staff.error} title="Staff could not be loaded" /> : null}
      <SelectField
        label="Member of staff"
        name="leaver"
        value={staffId}
        onChange={(e) => {
          setStaffId(e.target.value);
          setConfirmed(false);
        }}
      >
        <option value="">Choose…</option>
        {active.map((s) => (
          <option key={s.id} value={s.id}>
            {`${s.givenName} ${s.familyName}`}
          </option>
        ))}
      </SelectField>
      {mark.isError ? <ErrorNotice error={mark.error} title="Not marked as left" /> : null}
      {mark.isSuccess ? <p role="status">Marked as left; their handover is open below.</p> : null}
      {confirmed ? (
        <p className="audit-result__actions">
          <Button variant="danger" busy={mark.isPending} onClick={() => mark.mutate(staffId)}>
            Yes, they have left
          </Button>
          <Button variant="quiet" onClick={() => setConfirmed(false)}>
            Cancel
          </Button>
        </p>
      ) : (
        <Button variant="secondary" disabled={staffId === ''} onClick={() => setConfirmed(true)}>
          Mark as left
        </Button>
      )}
    </section>
  );
}

/** One leaver's handover: their accounts (each to a new owner or closed), approvals and posts waiting. */
export function HandoverPage({ id }: { id: string }) {
  const handover = useQuery({
    queryKey: handoverKeys.one(id),
    queryFn: ({ signal }) => fetchHandover(id, signal),
  });
  const queryClient = useQueryClient();
  const complete = useMutation({
    mutationFn: () => completeHandover(id),
    onSuccess: (data) => {
      queryClient.setQueryData(handoverKeys.one(id), data);
      void queryClient.invalidateQueries({ queryKey: handoverKeys.list });
    },
  });
  if (handover.isPending)
    return (
      <Page title="Handover">
        <Loading />
      </Page>
    );
  if (handover.isError)
    return (
      <Page title="Handover">
        <ErrorNotice error={handover.error} title="The handover could not be loaded" />
      </Page>
    );
  const h = handover.data;
  return (
    <Page
      title={`Handover: ${h.staffName}`}
      intro={`${h.staffName} has left (marked by ${h.openedBy}, ${formatDateTime(h.openedAt)}). Give each account they own a new owner, or close it on the register.`}
      actions={<Link to={linkTo('staffHandovers')}>All handovers</Link>}
    >
      {h.status === 'done' ? (
        <p role="status">
          <Badge tone="good">Done</Badge> {h.doneAt ? `Finished ${formatDateTime(h.doneAt)}.` : null}
        </p>
      ) : null}
      <section className="card" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Their accounts ({h.accounts.length})</h2>
        {h.accounts.length === 0 ? <Empty>No account on the register is theirs any more.</Empty> : null}
        <ul className="exception-list">
          {h.accounts.map((account) => (
            <AccountHandover key={account.id} handover={h} account={account} />
          ))}
        </ul>
        {h.canDecide && h.accounts.length === 0 ? (
          <>
            {complete.isError ? <ErrorNotice error={complete.error} title="Not finished" /> : null}
            <Button busy={complete.isPending} onClick={() => complete.mutate()}>
              Mark the handover done
            </Button>
          </>
        ) : null}
      </section>
      <section className="card" aria-labelledby="approvals-heading">
        <h2 id="approvals-heading">Personal phone and email approvals ({h.contactExceptions.length})</h2>
        {h.contactExceptions.length === 0 ? <Empty>None open.</Empty> : null}
        <ul className="exception-list">
          {h.contactExceptions.map((e) => (
            <li key={e.id} className="exception">
              <h3 className="exception__title">
                {e.relation === 'their_own'
                  ? `Their own ${e.channel === 'personal_phone' ? 'phone' : 'email'} approval`
                  : `${e.staffName}’s ${e.channel === 'personal_phone' ? 'phone' : 'email'} approval, given by them`}
              </h3>
              <p>
                {e.audience}, {e.from} to {e.to}. <Badge tone="neutral">{e.status}</Badge>
              </p>
              {e.relation === 'approved_by_them' ? (
                <p>Still in force: the headteacher may want to look at it again.</p>
              ) : null}
            </li>
          ))}
        </ul>
        <p>
          <Link to={linkTo('contactExceptions')}>Open the register of approvals</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="posts-heading">
        <h2 id="posts-heading">Posts waiting for approval ({h.postsAwaitingApproval.length})</h2>
        {h.postsAwaitingApproval.length === 0 ? <Empty>None.</Empty> : null}
        <ul className="exception-list">
          {h.postsAwaitingApproval.map((p) => (
            <li key={p.id} className="exception">
              <Link to={linkTo('post', { id: p.id })}>
                {p.writtenByLeaver ? `Their post on ${p.account}` : `A post on their account ${p.account}`}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

function AccountHandover({
  handover,
  account,
}: {
  handover: Handover;
  account: Handover['accounts'][number];
}) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState('');
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: () =>
      decideHandoverAccount(
        handover.id,
        account.id,
        choice === 'close' ? { decision: 'close', reason } : { decision: 'new_owner', staffId: choice },
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(handoverKeys.one(handover.id), data);
      void queryClient.invalidateQueries({ queryKey: handoverKeys.list });
    },
  });
  const label = account.handle ? `${account.platform} ${account.handle}` : account.platform;
  return (
    <li className="exception">
      <h3 className="exception__title">
        <Link to={linkTo('account', { id: account.id })}>{label}</Link>
      </h3>
      <p>
        {account.purpose}. <Badge tone="neutral">{ownershipWords[account.ownership]}</Badge>{' '}
        {account.otherOwners.length > 0 ? `Also owned by ${account.otherOwners.join(', ')}.` : null}
      </p>
      {handover.canDecide ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            decide.mutate();
          }}
        >
          <SelectField
            label={`What happens to ${label}`}
            name={`decision-${account.id}`}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            <option value="">Choose…</option>
            <optgroup label="Hand it to">
              {handover.candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </optgroup>
            <option value="close">Close it on the register</option>
          </SelectField>
          {choice === 'close' ? (
            <TextField
              label="Why it closes"
              name={`reason-${account.id}`}
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          ) : null}
          {decide.isError ? <ErrorNotice error={decide.error} title="Not handed over" /> : null}
          <Button
            type="submit"
            busy={decide.isPending}
            disabled={choice === '' || (choice === 'close' && reason.trim() === '')}
          >
            {choice === 'close' ? 'Close the account' : 'Hand it over'}
          </Button>
        </form>
      ) : null}
    </li>
  );
}
