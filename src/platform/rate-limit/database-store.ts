import type {
  FastifyRateLimitOptions,
  FastifyRateLimitStore,
  FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { counterKey, hitCounter } from './counters.js';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

/** What @fastify/rate-limit hands `child()` at run time: the merged options and the route they are for. */
interface ChildOptions {
  routeInfo?: { method?: string | readonly string[]; url?: string };
}

function scopeOf(options: ChildOptions): string {
  const method = options.routeInfo?.method;
  const methods = Array.isArray(method) ? method.join(',') : String(method ?? '');
  return `http:${methods} ${options.routeInfo?.url ?? ''}`;
}

/**
 * A store for @fastify/rate-limit that keeps its counts in `rate_limit_counters`, one counter per route
 * and client address, so several server processes on one database share each limit (the default store
 * counts per process, which multiplies every limit by the number of processes). One upsert per request,
 * and only on the routes that declare `config.rateLimit`.
 */
export function databaseRateLimitStore(db: Db, clock: Clock): FastifyRateLimitStoreCtor {
  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly scope: string;

    constructor(_options: FastifyRateLimitOptions, scope = 'http:global') {
      this.scope = scope;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = clock.now();
      hitCounter(db, { scope: this.scope, key: counterKey(key), now, windowMs: timeWindow }).then(
        (state) =>
          callback(null, {
            current: state.hits,
            ttl: Math.max(0, state.expiresAt.getTime() - now.getTime()),
          }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(options: object): FastifyRateLimitStore {
      return new DatabaseRateLimitStore({}, scopeOf(options as ChildOptions));
    }
  }
  return DatabaseRateLimitStore;
}
