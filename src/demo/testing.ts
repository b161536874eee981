import { CheckContextCache } from '../checks/check-context.js';
import { type Clock, systemClock } from '../platform/clock.js';
import { createKeyring, generateMasterKey } from '../platform/crypto/envelope.js';
import type { DemoDeps } from './demo-posts.js';

/** What the composition root hands the demo seed, for a test that seeds without building a whole context. */
export function testDemoDeps(clock: Clock = systemClock): DemoDeps {
  return { clock, contexts: new CheckContextCache(), keyring: createKeyring(generateMasterKey()) };
}
