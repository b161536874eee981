import type { CheckContextCache } from '../../checks/check-context.service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { DbEngine } from '../db/create-db.js';
import type { Db } from '../db/database.js';

// What every route handler can reach on `app`, set once by buildApp.
declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    dbEngine: DbEngine;
    clock: Clock;
    config: Config;
    /** The one check context cache of the process: roster index, block lists and consents per school. */
    checkContexts: CheckContextCache;
  }
}
