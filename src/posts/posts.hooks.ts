import { subscribeToConsentLost } from '../consent/consent.events.js';
import type { Clock } from '../platform/clock.js';
import { openTakedownTasks } from './open-takedown-tasks.js';

/**
 * Subscribes the retroactive re-check to the consent register's consent-lost hook: call it once wherever
 * consents can be lost (the app, which runs the lapse sweep's jobs, and the CLI, which imports consents).
 * Returns the unsubscribe function. Two subscriptions in one process are harmless: a task is opened once
 * per publication and lost grant.
 */
export function subscribeTakedownsToConsentLoss(clock: Clock): () => void {
  return subscribeToConsentLost(async (tx, event) => {
    await openTakedownTasks(tx, event, clock);
  });
}
