import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { Banner } from './banner';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/**
 * A message from the server as a sentence: the API's messages start in lower case so they can be
 * embedded ("… refused: the account cannot be submitted yet"), but on their own they read as a sentence.
 */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  // A sentence that starts with an address or a domain keeps it as typed.
  const capital = /^\S*[.@]\S/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…)]$/.test(capital) ? capital : `${capital}.`;
}

/** A detail that only repeats which clause the message already cites adds nothing for the reader. */
function isBareClauseReference(detail: string): boolean {
  return /^clauses? [\d.–, -]+$/i.test(detail.trim());
}

/**
 * Explains a failed request in words. The error's stable code stays in the API (and the server's log):
 * people read sentences, and a code such as `LinkedEmailIsWebmail` means nothing to them.
 */
export function ErrorNotice({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const message =
    error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const details = (error instanceof ApiError ? error.details : []).filter(
    (d) => d !== message && !isBareClauseReference(d),
  );
  return (
    <Banner tone="danger" title={title} live>
      <p>{asSentence(message)}</p>
      {details.length > 0 ? (
        <ul className="error-details">
          {details.map((detail) => (
            <li key={detail}>{asSentence(detail)}</li>
          ))}
        </ul>
      ) : null}
    </Banner>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'good' | 'warn' | 'bad';
  children: ReactNode;
}) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
