import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs, type TestSignIn } from '../platform/auth/test-session.js';
import { testEngines } from '../platform/db/test-db.js';
import { createTestApp, type TestApp } from '../server/test-app.js';
import type { ConsentLost } from './consent.events.js';
import { buildConsentFamily } from './testing.js';

const header = 'pupil_external_id,purpose,state,date,evidence_reference,carer_external_id\n';

for (const engine of testEngines()) {
  describe(`POST /api/consents/import on ${engine}`, () => {
    let t: TestApp;
    let schoolId: string;
    let admin: TestSignIn;
    let teacher: TestSignIn;
    const lost: ConsentLost[] = [];
    // Heard through the app's context, as the takedown tasks are, in the transaction that ends the grant.
    const hearLoss = async (_tx: unknown, event: ConsentLost) => {
      lost.push(event);
    };

    beforeAll(async () => {
      t = await createTestApp(engine, undefined, {}, { alsoOnConsentLost: [hearLoss] });
      schoolId = (
        await t.testDb.db
          .insertInto('schools')
          .values({ name: 'Import Test School', official_email_domains: ['import.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await buildConsentFamily(t.testDb.db, { schoolId, key: 'I1' });
      await buildConsentFamily(t.testDb.db, { schoolId, key: 'I2' });
      admin = await signInAs(t.testDb.db, { schoolId, roles: ['admin'], now: t.clock.now() });
      teacher = await signInAs(t.testDb.db, { schoolId, roles: ['staff'], now: t.clock.now() });
    });
    afterAll(async () => {
      await t.close();
    });

    const send = (as: TestSignIn, content: string, dryRun = false) =>
      t.app.inject({
        method: 'POST',
        url: '/api/consents/import',
        headers: as.headers,
        payload: { name: 'mis-consents.csv', content, dryRun },
      });
    const countConsents = async () =>
      Number(
        (
          await t.testDb.db
            .selectFrom('consents')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('school_id', '=', schoolId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('refuses the whole file, listing every bad row with file:line:column', async () => {
      const response = await send(
        admin,
        header +
          'P-I1,social_media,granted,2026-09-08,FORM-1,C-I1\n' +
          'P-NOPE,website,granted,2026-09-08,FORM-2,\n' +
          'P-I2,press,granted,2026-09-08,FORM-3,C-I2-X\n' +
          'P-I2,press,granted,2026-09-09,FORM-4,C-GONE\n',
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('ConsentFileInvalid');
      expect(response.json().error.details).toEqual([
        'mis-consents.csv:3:1: no pupil with external id P-NOPE (import the roster first)',
        'mis-consents.csv:4:38: carer C-I2-X has no parental responsibility for P-I2',
        'mis-consents.csv:5:38: no carer with external id C-GONE',
      ]);
      expect(await countConsents()).toBe(0);
    });

    it('refuses a consent file over 10 MB, naming it and the limit, before reading a row', async () => {
      const rows = 'P-I1,social_media,granted,2026-09-08,FORM-1,C-I1\n'.repeat(220_000);
      const response = await send(admin, header + rows);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({
        code: 'ConsentFileTooLarge',
        message: 'mis-consents.csv is larger than 10 MB, the limit for this upload',
      });
      expect(await countConsents()).toBe(0);
    });

    it('keeps imports to SMT, the headteacher and admins', async () => {
      const response = await send(teacher, `${header}P-I1,social_media,granted,2026-09-08,FORM-1,C-I1\n`);
      expect(response.statusCode).toBe(403);
    });

    it('shows a dry run, imports, audits, and skips rows already on record when re-imported', async () => {
      const file =
        header +
        'P-I1,social_media,granted,2026-09-08,FORM-1,C-I1\n' +
        'P-I2,social_media,granted,2026-09-08,FORM-2,C-I2\n' +
        'P-I2,social_media,withdrawn,2026-11-02,LETTER-7,C-I2\n' +
        'P-I2,press,refused,2026-09-08,FORM-2,\n';
      const dry = await send(admin, file, true);
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({
        dryRun: true,
        importId: null,
        counts: { rows: 4, recorded: 4, unchanged: 0, granted: 2, refused: 1, withdrawn: 1 },
      });
      expect(await countConsents()).toBe(0);

      const real = await send(admin, file);
      expect(real.json()).toMatchObject({ dryRun: false, counts: { recorded: 4 } });
      expect(await countConsents()).toBe(4);
      const audit = await t.testDb.db
        .selectFrom('audit_events')
        .select(['type', 'subject_id'])
        .where('school_id', '=', schoolId)
        .where('type', 'in', ['consent.imported', 'consent.recorded', 'consent.lost'])
        .execute();
      expect(audit.filter((a) => a.type === 'consent.recorded')).toHaveLength(4);
      expect(audit.filter((a) => a.type === 'consent.imported').map((a) => a.subject_id)).toEqual([
        real.json().importId,
      ]);
      // The withdrawal in the same export ended P-I2's grant: the hook fired for it.
      expect(lost.map((e) => [e.purpose, e.reason, e.lostOn])).toEqual([
        ['social_media', 'withdrawn', '2026-11-02'],
      ]);
      expect(audit.filter((a) => a.type === 'consent.lost')).toHaveLength(1);

      const again = await send(admin, file);
      expect(again.json().counts).toMatchObject({ rows: 4, recorded: 0, unchanged: 4 });
      expect(await countConsents()).toBe(4);
    });
  });
}
