import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { markAllNotificationsRead, markNotificationRead } from '../api/endpoints';
import { apiKey, notificationsQuery } from '../api/queries';
import { Button } from '../components/button';
import { Page } from '../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../components/status';
import { formatDateTime } from '../format';
import { Link } from '../router';

/** Kinds that must not look like routine reminders in the list. */
const urgentKinds = new Set(['concern.awaiting_urgent']);

export function NotificationsPage() {
  const queryClient = useQueryClient();
  const list = useQuery(notificationsQuery());
  // Marking one (its id) or all (none) as read; every list of notifications is then asked again.
  const markRead = useMutation({
    mutationFn: (id: string | undefined): Promise<unknown> =>
      id ? markNotificationRead(id) : markAllNotificationsRead(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKey('/api/notifications') }),
  });
  return (
    <Page
      title="Notifications"
      intro="Reminders and updates for you. Nothing here is shared with anyone else."
      actions={
        list.isSuccess && list.data.unreadCount > 0 ? (
          <Button variant="secondary" onClick={() => markRead.mutate(undefined)}>
            Mark all as read
          </Button>
        ) : undefined
      }
    >
      {markRead.isError ? <ErrorNotice error={markRead.error} /> : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorNotice error={list.error} title="Notifications could not be loaded" /> : null}
      {list.isSuccess && list.data.items.length === 0 ? (
        <div className="card">
          <Empty>You have no notifications.</Empty>
        </div>
      ) : null}
      {list.isSuccess && list.data.items.length > 0 ? (
        <ul className="notifications" aria-label="Your notifications">
          {list.data.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'notification' : 'notification notification--unread'}>
              <div className="notification__head">
                <h2 className="notification__title">
                  {n.readAt ? null : <span className="visually-hidden">Unread: </span>}
                  {urgentKinds.has(n.kind) ? (
                    <>
                      <Badge tone="bad">Urgent</Badge>{' '}
                    </>
                  ) : null}
                  {n.title}
                </h2>
                <time dateTime={n.createdAt} className="muted">
                  {formatDateTime(n.createdAt)}
                </time>
              </div>
              {n.body ? <p>{n.body}</p> : null}
              <div className="form-actions">
                {n.link?.startsWith('/') ? <Link to={n.link}>Open</Link> : null}
                {n.readAt ? null : (
                  <Button variant="secondary" onClick={() => markRead.mutate(n.id)}>
                    Mark as read<span className="visually-hidden">: {n.title}</span>
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
