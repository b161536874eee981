import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'danger';

/**
 * A status message. Danger and warning banners are alerts only when they appear after an action
 * (`live`); a banner present when the page loads is ordinary content, read in order.
 */
export function Banner({
  tone,
  title,
  children,
  live = false,
  id,
}: {
  tone: Tone;
  title: ReactNode;
  children?: ReactNode;
  live?: boolean;
  id?: string;
}) {
  const role = live ? (tone === 'danger' || tone === 'warning' ? 'alert' : 'status') : undefined;
  return (
    <div className={`banner banner--${tone}`} role={role} id={id}>
      <p className="banner__title">{title}</p>
      {children ? <div className="banner__body">{children}</div> : null}
    </div>
  );
}
