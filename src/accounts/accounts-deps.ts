import type { CheckContextCache } from '../checks/check-context.js';
import type { Clock } from '../platform/clock.js';

/** What the accounts use cases are given: built once per process by the composition root. */
export interface AccountsDeps {
  clock: Clock;
  contexts: CheckContextCache;
}
