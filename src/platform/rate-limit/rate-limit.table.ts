/** One counter: hits in the current window for a scope and a hashed key. */
export interface RateLimitCounterTable {
  /** What is counted, e.g. `auth.failures.account` or `http:POST /api/session`. */
  scope: string;
  /** SHA-256 (hex) of what the count is kept for (an address, an email): no personal data in the table. */
  key: string;
  window_start: Date;
  hits: number;
  /** When the window (or a lock-out's cool-down) ends; the row counts for nothing after it. */
  expires_at: Date;
}
