import { useState } from 'react';
import { fetchNotifications, markAllNotificationsRead, markNotificationRead } from '../api/endpoints';
import { Button } from '../components/button';
import { Page } from '../components/page';
import { Badge, Empty, ErrorNotice, Loading } from '../components/status';
import { formatDateTime } from '../format';
import { Link } from '../router';
import { useAsync } from '../use-async';

/** Kinds that must not look like routine reminders in the list. */
const urgentKinds = new Set(['concern.awaiting_urgent']);

export function NotificationsPage() {
  const list = useAsync(() => fetchNotifications(), []);
  const [error, setError] = useState<unknown>();
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      list.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Page
      title="Notifications"
      intro="Reminders and updates for you. Nothing here is shared with anyone else."
      actions={
        list.state === 'ready' && list.data.unreadCount > 0 ? (
          <Button variant="secondary" onClick={() => void act(markAllNotificationsRead)}>
            Mark all as read
          </Button>
        ) : undefined
      }
    >
      {error ? <ErrorNotice error={error} /> : null}
      {list.state === 'loading' ? <Loading /> : null}
      {list.state === 'error' ? (
        <ErrorNotice error={list.error} title="Notifications could not be loaded" />
      ) : null}
      {list.state === 'ready' && list.data.items.length === 0 ? (
        <div className="card">
          <Empty>You have no notifications.</Empty>
        </div>
      ) : null}
      {list.state === 'ready' && list.data.items.length > 0 ? (
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
                  <Button variant="secondary" onClick={() => void act(() => markNotificationRead(n.id))}>
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
