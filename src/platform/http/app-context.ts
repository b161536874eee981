import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Keyring } from '../crypto/envelope.js';
import type { DbEngine } from '../db/create-db.js';
import type { Db } from '../db/database.js';

// What every route handler can reach on `app`, set once by buildApp from the composition root (src/app/context.ts). The domains' own decorations (the
// check context cache) are declared above the domains, in src/app/app-context.ts.
declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    dbEngine: DbEngine;
    clock: Clock;
    config: Config;
    /** The process's master keys (from the composition root, loaded once). */
    keyring: Keyring;
  }
}
