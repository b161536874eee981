import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/roles.js';
import { fixedClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { createKeyring, generateMasterKey } from '../crypto/envelope.js';
import { createTestDb, type TestDb, testEngines } from '../db/test-db.js';
import { registerSchedules, runDueJobs } from '../jobs/worker.js';
import { createLogger } from '../logger.js';
import {
  AUDIT_CHECKPOINT_QUEUE,
  auditCheckpointDirOf,
  auditJobHandlers,
  auditSchedules,
} from './audit.jobs.js';
import { chainedFieldsOf, GENESIS_HASH, hashAuditRow, recordAudit, verifyAuditChain } from './audit.js';
import {
  type AuditCheckpoint,
  CHECKPOINT_FILE,
  checkpointSignature,
  parseCheckpoints,
  signCheckpoint,
  verifyAgainstCheckpoints,
  writeAuditCheckpoints,
} from './checkpoint.js';
import { tamperWithAuditLog } from './test-tamper.js';

const system: Actor = { kind: 'system', label: 'test' };
const silent = createLogger('silent');

describe('checkpoint signatures', () => {
  const oldKey = generateMasterKey();
  const signer = createKeyring(oldKey);
  const head = { schoolId: null, headHash: 'a'.repeat(64), rows: 3, lastId: '42', at: new Date() };

  it('verify under the signing key, also once it is only a previous key, and name a missing key', () => {
    const checkpoint = signCheckpoint(signer, head);
    expect(checkpointSignature(signer, checkpoint)).toBe('valid');
    const rotated = createKeyring(generateMasterKey(), [oldKey]);
    expect(checkpointSignature(rotated, checkpoint)).toBe('valid');
    expect(checkpointSignature(createKeyring(generateMasterKey()), checkpoint)).toBe('key-missing');
  });

  it('refuses a checkpoint whose fields were changed without the key', () => {
    const checkpoint = signCheckpoint(signer, head);
    expect(checkpointSignature(signer, { ...checkpoint, rows: 2 })).toBe('invalid');
    expect(checkpointSignature(signer, { ...checkpoint, headHash: 'b'.repeat(64) })).toBe('invalid');
  });

  it('reads the file format and shipped log lines, and lists lines that are neither', () => {
    const checkpoint = signCheckpoint(signer, head);
    const text = [
      JSON.stringify(checkpoint),
      JSON.stringify({ level: 30, msg: 'audit checkpoint', auditCheckpoint: checkpoint }),
      '{"half a line',
      JSON.stringify({ ...checkpoint, extra: true }),
      '',
    ].join('\n');
    expect(parseCheckpoints(text)).toEqual({ checkpoints: [checkpoint, checkpoint], badLines: [3, 4] });
  });
});

describe('the checkpoint folder', () => {
  it('is in the data folder unless GUARDPOST_AUDIT_CHECKPOINT_DIR names another, resolved to an absolute path', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-checkpoint-config-'));
    try {
      expect(auditCheckpointDirOf(loadConfig({ GUARDPOST_DATA_DIR: dataDir }))).toBe(
        path.join(dataDir, 'audit-checkpoints'),
      );
      const configured = loadConfig({
        GUARDPOST_DATA_DIR: dataDir,
        GUARDPOST_AUDIT_CHECKPOINT_DIR: 'kept-apart',
      });
      expect(auditCheckpointDirOf(configured)).toBe(path.resolve('kept-apart'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

for (const engine of testEngines()) {
  describe(`audit tamper evidence on ${engine}`, () => {
    let t: TestDb;
    let dir: string;
    const keyring = createKeyring(generateMasterKey());

    beforeAll(async () => {
      t = await createTestDb(engine);
      dir = await mkdtemp(path.join(os.tmpdir(), 'guardpost-checkpoints-'));
    });
    afterAll(async () => {
      await t.destroy();
      await rm(dir, { recursive: true, force: true });
    });

    /** A school with `rows` audit events, and the checkpoints signed over it once they are written. */
    async function signedSchool(
      name: string,
      rows: number,
    ): Promise<{ schoolId: string; checkpoints: AuditCheckpoint[] }> {
      const schoolId = (
        await t.db
          .insertInto('schools')
          .values({ name, official_email_domains: [`${name.toLowerCase().replace(/\W/g, '')}.example`] })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      for (let i = 0; i < rows; i++) {
        await recordAudit(t.db, {
          actor: system,
          schoolId,
          event: {
            type: 'policy.version_imported',
            subject: { type: 'policy_version', id: `v${i}` },
            data: { label: `L${i}`, documentHash: 'abc', sections: i },
          },
        });
      }
      const { checkpoints } = await writeAuditCheckpoints(t.db, {
        keyring,
        dir,
        logger: silent,
        now: new Date(),
      });
      return { schoolId, checkpoints };
    }

    async function problemsOf(schoolId: string, checkpoints: AuditCheckpoint[]) {
      const outcome = await verifyAgainstCheckpoints(t.db, keyring, checkpoints, { schoolId });
      return outcome.problems.map((p) => p.code);
    }

    it('refuses UPDATE, DELETE and TRUNCATE of audit rows in the database', async () => {
      const { schoolId } = await signedSchool('Append Only', 2);
      await expect(
        sql`update audit_events set actor_label = 'someone-else' where school_id = ${schoolId}`.execute(t.db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_events where school_id = ${schoolId}`.execute(t.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`truncate audit_events cascade`.execute(t.db)).rejects.toThrow(/append-only/);
      expect(await verifyAuditChain(t.db, schoolId)).toEqual({ ok: true, rows: 2 });
    });

    it('holds for an intact chain across every checkpoint signed over it', async () => {
      const { schoolId, checkpoints } = await signedSchool('Intact', 3);
      await recordAudit(t.db, {
        actor: system,
        schoolId,
        event: {
          type: 'school.created',
          subject: { type: 'school', id: schoolId },
          data: { name: 'x', demo: false },
        },
      });
      const later = (await writeAuditCheckpoints(t.db, { keyring, dir, logger: silent, now: new Date() }))
        .checkpoints;
      const outcome = await verifyAgainstCheckpoints(t.db, keyring, [...checkpoints, ...later], { schoolId });
      expect(outcome).toEqual({ checked: 2, problems: [] });
    });

    it('detects rows deleted from the end, which the chain alone accepts', async () => {
      const { schoolId, checkpoints } = await signedSchool('Tail Cut', 5);
      await tamperWithAuditLog(t.db, (tx) =>
        sql`delete from audit_events where school_id = ${schoolId} and seq > 3`.execute(tx),
      );
      expect(await verifyAuditChain(t.db, schoolId)).toEqual({ ok: true, rows: 3 });
      expect(await problemsOf(schoolId, checkpoints)).toEqual(['RowsDeletedFromEnd']);
    });

    it("detects a school's whole chain deleted", async () => {
      const { schoolId, checkpoints } = await signedSchool('Chain Gone', 4);
      await tamperWithAuditLog(t.db, (tx) =>
        sql`delete from audit_events where school_id = ${schoolId}`.execute(tx),
      );
      expect(await verifyAuditChain(t.db, schoolId)).toEqual({ ok: true, rows: 0 });
      expect(await problemsOf(schoolId, checkpoints)).toEqual(['ChainDeleted']);
    });

    it('detects a row altered and every later hash recomputed with the public hash function', async () => {
      const { schoolId, checkpoints } = await signedSchool('Rewritten', 5);
      await tamperWithAuditLog(t.db, async (tx) => {
        const rows = await tx
          .selectFrom('audit_events')
          .selectAll()
          .where('school_id', '=', schoolId)
          .orderBy('seq')
          .execute();
        let prevHash = GENESIS_HASH;
        for (const row of rows) {
          const data = Number(row.seq) === 2 ? { ...row.data, label: 'forged' } : row.data;
          const hash = hashAuditRow(prevHash, { ...chainedFieldsOf(row), data });
          await tx
            .updateTable('audit_events')
            .set({ data: JSON.stringify(data), prev_hash: prevHash, hash })
            .where('id', '=', row.id)
            .execute();
          prevHash = hash;
        }
      });
      // The forgery is consistent: only the signed head shows it.
      expect(await verifyAuditChain(t.db, schoolId)).toEqual({ ok: true, rows: 5 });
      expect(await problemsOf(schoolId, checkpoints)).toEqual(['HistoryRewritten']);
      // The next hourly run signs the forged head; the checkpoint from before the rewrite still shows it.
      const resigned = (await writeAuditCheckpoints(t.db, { keyring, dir, logger: silent, now: new Date() }))
        .checkpoints;
      expect(await problemsOf(schoolId, [...checkpoints, ...resigned])).toEqual(['HistoryRewritten']);
    });

    it('detects a row altered without recomputing the hashes', async () => {
      const { schoolId, checkpoints } = await signedSchool('Edited', 4);
      await tamperWithAuditLog(t.db, (tx) =>
        sql`update audit_events set actor_label = 'someone-else' where school_id = ${schoolId} and seq = 2`.execute(
          tx,
        ),
      );
      expect(await verifyAuditChain(t.db, schoolId)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
      expect(await problemsOf(schoolId, checkpoints)).toEqual(['ChainBroken']);
    });

    it('refuses a checkpoint forged without the key', async () => {
      const { schoolId, checkpoints } = await signedSchool('Forged', 2);
      const mine = checkpoints.filter((c) => c.schoolId === schoolId);
      expect(await problemsOf(schoolId, [{ ...mine[0]!, rows: 1 }])).toEqual(['CheckpointForged']);
    });

    it('is written by the hourly job to the file and as a log line', async () => {
      const jobDir = path.join(dir, 'job');
      const lines: string[] = [];
      const logger = createLogger(
        'info',
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString('utf8'));
            done();
          },
        }),
      );
      const { schoolId } = await signedSchool('Scheduled', 2);
      const clock = fixedClock('2026-11-24T09:10:00Z');
      await registerSchedules(t.db, auditSchedules, clock.now());
      const handlers = auditJobHandlers({ keyring, dir: jobDir });
      expect(Object.keys(handlers)).toEqual([AUDIT_CHECKPOINT_QUEUE]);
      clock.set('2026-11-24T10:00:00Z');
      expect(await runDueJobs({ db: t.db, clock, logger, handlers, workerId: 'w' })).toBe(1);
      const written = parseCheckpoints(await readFile(path.join(jobDir, CHECKPOINT_FILE), 'utf8'));
      expect(written.badLines).toEqual([]);
      const mine = written.checkpoints.filter((c) => c.schoolId === schoolId);
      expect(mine).toMatchObject([{ rows: 2 }]);
      expect(written.checkpoints.every((c) => c.at === '2026-11-24T10:00:00.000Z')).toBe(true);
      const logged = parseCheckpoints(lines.filter((l) => l.includes('"audit checkpoint"')).join(''));
      expect(logged.checkpoints).toEqual(written.checkpoints);
      expect(await problemsOf(schoolId, mine)).toEqual([]);
    });
  });
}
