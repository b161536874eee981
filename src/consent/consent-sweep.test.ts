import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/roles.js';
import { createTestDb, type TestDb, testEngines } from '../platform/db/test-db.js';
import type { ConsentDeps, ConsentLost } from './consent.events.js';
import { recordConsent } from './record-consent.js';
import { sweepLapsedConsents } from './sweep-lapsed-consents.js';
import { buildConsentFamily } from './testing.js';

const system: Actor = { kind: 'system', label: 'test' };

for (const engine of testEngines()) {
  describe(`consent lapse sweep on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    const lost: ConsentLost[] = [];
    const deps: ConsentDeps = {
      onConsentLost: async (_tx, event) => {
        lost.push(event);
      },
    };

    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Sweep Test School', official_email_domains: ['sweep.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('fires onConsentLost once for an expired grant and once for a pupil who left', async () => {
      const expiring = await buildConsentFamily(t.db, { schoolId, key: 'W1' });
      const leaving = await buildConsentFamily(t.db, { schoolId, key: 'W2' });
      const holding = await buildConsentFamily(t.db, { schoolId, key: 'W3' });
      const grant = (pupilId: string, carerId: string, expiresOn?: string) =>
        recordConsent(
          t.db,
          system,
          {
            schoolId,
            pupilId,
            carerId,
            purpose: 'social_media',
            state: 'granted',
            evidenceReference: 'FORM-W',
            givenOn: '2026-10-01',
            expiresOn,
            today: '2026-11-24',
          },
          new Date('2026-11-24T09:00:00Z'),
          deps,
        );
      const expired = await grant(expiring.pupilId, expiring.carerId, '2026-11-30');
      const left = await grant(leaving.pupilId, leaving.carerId);
      await grant(holding.pupilId, holding.carerId);
      expect(await sweepLapsedConsents(t.db, '2026-11-24', new Date(), deps)).toBe(0);

      await t.db
        .updateTable('pupils')
        .set({ status: 'left', left_on: '2026-11-27' })
        .where('id', '=', leaving.pupilId)
        .execute();
      expect(await sweepLapsedConsents(t.db, '2026-12-01', new Date('2026-12-01T00:30:00Z'), deps)).toBe(2);
      expect(lost.map((e) => [e.pupilId, e.consentId, e.reason, e.lostOn]).sort()).toEqual(
        [
          [expiring.pupilId, expired.id, 'expired', '2026-11-30'],
          [leaving.pupilId, left.id, 'pupil_left', '2026-11-27'],
        ].sort(),
      );
      // Noted once: the next day's sweep finds nothing new.
      expect(await sweepLapsedConsents(t.db, '2026-12-02', new Date('2026-12-02T00:30:00Z'), deps)).toBe(0);
      const audit = await t.db
        .selectFrom('audit_events')
        .select('subject_id')
        .where('school_id', '=', schoolId)
        .where('type', '=', 'consent.lost')
        .execute();
      expect(audit.map((a) => a.subject_id).sort()).toEqual([expired.id, left.id].sort());
    });
  });
}
