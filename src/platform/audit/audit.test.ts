import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/roles.js';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { canonicalJson, recordAudit, verifyAuditChain } from './audit.js';
import { tamperWithAuditLog } from './test-tamper.js';

const system: Actor = { kind: 'system', label: 'test' };

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });
});

for (const engine of testEngines()) {
  describe(`audit chain on ${engine}`, () => {
    let t: TestDb;
    let schoolId: string;
    beforeAll(async () => {
      t = await createTestDb(engine);
      schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Audit School', official_email_domains: ['audit.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });
    afterAll(async () => {
      await t.destroy();
    });

    it('chains rows per school and verifies an intact chain', async () => {
      for (let i = 0; i < 5; i++) {
        await t.db.transaction().execute((tx) =>
          recordAudit(tx, {
            actor: system,
            schoolId,
            event: {
              type: 'policy.version_imported',
              subject: { type: 'policy_version', id: `v${i}` },
              data: { label: `L${i}`, documentHash: 'abc', sections: i },
            },
          }),
        );
      }
      // Concurrent writers still get consecutive sequence numbers.
      await Promise.all(
        [5, 6, 7].map((i) =>
          t.db.transaction().execute((tx) =>
            recordAudit(tx, {
              actor: system,
              schoolId,
              event: {
                type: 'policy.version_imported',
                subject: { type: 'policy_version', id: `v${i}` },
                data: { label: `L${i}`, documentHash: 'abc', sections: i },
              },
            }),
          ),
        ),
      );
      expect(await verifyAuditChain(t.db, schoolId)).toEqual({ ok: true, rows: 8 });
      const seqs = await t.db
        .selectFrom('audit_events')
        .select('seq')
        .where('school_id', '=', schoolId)
        .orderBy('seq')
        .execute();
      expect(seqs.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('names the first altered row', async () => {
      const target = await t.db
        .selectFrom('audit_events')
        .select('id')
        .where('school_id', '=', schoolId)
        .where('seq', '=', '3')
        .executeTakeFirstOrThrow();
      await tamperWithAuditLog(t.db, (tx) =>
        sql`update audit_events set data = jsonb_set(data, '{label}', '"forged"') where id = ${target.id}`.execute(
          tx,
        ),
      );
      const verdict = await verifyAuditChain(t.db, schoolId);
      expect(verdict).toMatchObject({ ok: false, firstBrokenSeq: 3, firstBrokenId: String(target.id) });
    });

    it('detects a deleted row', async () => {
      const school2 = (
        await t.db
          .insertInto('schools')
          .values({ name: 'Second', official_email_domains: ['second.example'] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      for (let i = 0; i < 3; i++) {
        await recordAudit(t.db, {
          actor: system,
          schoolId: school2,
          event: {
            type: 'school.created',
            subject: { type: 'school', id: school2 },
            data: { name: 'x', demo: false },
          },
        });
      }
      await tamperWithAuditLog(t.db, (tx) =>
        sql`delete from audit_events where school_id = ${school2} and seq = 2`.execute(tx),
      );
      const verdict = await verifyAuditChain(t.db, school2);
      expect(verdict).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    });
  });
}
