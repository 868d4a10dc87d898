import { appendFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  AuditCheckpoints,
  AuditEvent,
  AuditEventRepository,
  AuditSealer,
  AuditService,
  ChainVerifier,
  GENESIS_HASH,
} from '@app/audit';
import { DomainEventBus, systemClock } from '@app/core';
import { UnitOfWork, dataSourceOptions, migrateDatabase } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@app/testing';
import { ENTITIES } from '../../apps/server/src/entities';

const SIGNING_KEY = Buffer.alloc(32, 3);

/** An audit service on `uow`, keeping checkpoints in `checkpointFile` (none when null). */
function auditOn(
  uow: UnitOfWork,
  bus: DomainEventBus,
  checkpointFile: string | null = null,
): { audit: AuditService; checkpoints: AuditCheckpoints; sealer: AuditSealer } {
  const repository = new AuditEventRepository(uow);
  const sealer = new AuditSealer(uow, repository);
  const checkpoints = new AuditCheckpoints(
    { checkpointFile, checkpointIntervalMs: 60_000, signingKey: SIGNING_KEY },
    repository,
    systemClock,
    sealer,
  );
  return {
    audit: new AuditService(uow, bus, repository, systemClock, checkpoints, sealer),
    checkpoints,
    sealer,
  };
}

describe('audit log on real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: DomainEventBus;
  let uow: UnitOfWork;
  let audit: AuditService;
  let sealer: AuditSealer;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 12 }),
    ).initialize();
    await migrateDatabase(dataSource);
    bus = new DomainEventBus();
    uow = new UnitOfWork(dataSource);
    ({ audit, sealer } = auditOn(uow, bus));
    audit.onModuleInit();
  });

  afterAll(async () => {
    audit.onModuleDestroy();
    await sealer.onModuleDestroy();
    await dataSource.destroy();
    await database.drop();
  });

  const publish = (action: string, details: Record<string, unknown> = {}) =>
    bus.publish({
      type: 'domain',
      action,
      targetType: 'test',
      targetId: null,
      actorId: null,
      details,
    });

  /** The chain, once every committed event is sealed into it. */
  const allRows = async () => {
    await sealer.settle();
    return dataSource.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });
  };
  const pendingCount = async () =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM audit_pending_event`))[0].n as number;

  it('starts the chain at the genesis hash', async () => {
    await publish('test.first', { n: 0 });
    const [first] = await allRows();
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it.each([
    ['UPDATE', `UPDATE audit_event SET action = 'tampered'`],
    ['DELETE', `DELETE FROM audit_event`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])('the database refuses %s, even for a superuser', async (_op, sql) => {
    await expect(dataSource.query(sql)).rejects.toThrow(/append-only/);
    expect((await allRows()).length).toBeGreaterThan(0);
    expect((await allRows()).every((row) => row.action !== 'tampered')).toBe(true);
  });

  it('keeps one unforked chain under concurrent writers on separate connections', async () => {
    const before = (await allRows()).length;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => uow.run(() => publish('test.concurrent', { i }))),
    );
    const rows = await allRows();
    expect(rows).toHaveLength(before + 60);
    expect(new Set(rows.map((row) => row.prevHash)).size).toBe(rows.length);
    const verifier = new ChainVerifier();
    expect(rows.every((row) => verifier.check(row).ok)).toBe(true);
  });

  it('writes events raised outside any transaction together, each once', async () => {
    const before = (await allRows()).length;
    const enqueue = jest.spyOn(AuditEventRepository.prototype, 'enqueue');
    try {
      await Promise.all(Array.from({ length: 40 }, (_, i) => publish('test.standalone', { i })));
      // The first event is written at once; the 39 raised while it was on its way, together.
      expect(enqueue.mock.calls.map(([records]) => records.length)).toEqual([1, 39]);
    } finally {
      enqueue.mockRestore();
    }
    const rows = (await allRows()).slice(before);
    expect(rows.map((row) => row.details.i as number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('keeps the chain intact across two independent instances (separate pools)', async () => {
    const otherSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 6 }),
    ).initialize();
    const otherBus = new DomainEventBus();
    const otherUow = new UnitOfWork(otherSource);
    const { audit: other, sealer: otherSealer } = auditOn(otherUow, otherBus);
    other.onModuleInit();
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? bus : otherBus).publish({
            type: 'domain',
            action: 'test.two_instances',
            targetType: 'test',
            targetId: String(i),
          }),
        ),
      );
    } finally {
      other.onModuleDestroy();
      await otherSealer.onModuleDestroy();
      await otherSource.destroy();
    }
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('refuses a forked row at the schema level (unique prev_hash)', async () => {
    const [first] = await allRows();
    await expect(
      dataSource.query(
        `INSERT INTO audit_event (occurred_at, action, target_type, details, prev_hash, hash) VALUES (now(), 'fork', 'test', '{}', $1, $2)`,
        [first.prevHash, 'f'.repeat(64)],
      ),
    ).rejects.toThrow(/audit_event_prev_hash_key/);
  });

  it('lets audited transactions commit while another audited one is still open', async () => {
    let finishFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
    const first = uow.run(async () => {
      await publish('test.long_transaction');
      await firstMayFinish;
    });
    await uow.run(() => publish('test.short_transaction'));
    const sealed = await allRows();
    expect(sealed.map((row) => row.action)).toContain('test.short_transaction');
    expect(sealed.map((row) => row.action)).not.toContain('test.long_transaction');
    finishFirst();
    await first;
    const rows = await allRows();
    expect(rows.map((row) => row.action).slice(-2)).toEqual([
      'test.short_transaction',
      'test.long_transaction',
    ]);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('seals what another instance committed but never sealed, in one batch with its own', async () => {
    const before = (await allRows()).length;
    await dataSource.query(
      `INSERT INTO audit_pending_event (occurred_at, action, target_type, details)
       SELECT now(), 'test.left_behind', 'test', jsonb_build_object('n', n) FROM generate_series(1, 700) AS n`,
    );
    await publish('test.after_left_behind');
    const rows = await allRows();
    expect(rows).toHaveLength(before + 701);
    expect(await pendingCount()).toBe(0);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('never changes a pending event: the database refuses UPDATE on it', async () => {
    await dataSource.query(
      `INSERT INTO audit_pending_event (occurred_at, action, target_type) VALUES (now(), 'test.pending', 'test')`,
    );
    await expect(
      dataSource.query(`UPDATE audit_pending_event SET action = 'tampered'`),
    ).rejects.toThrow(/never changed/);
    expect((await allRows()).some((row) => row.action === 'tampered')).toBe(false);
  });

  it('rolls an audit entry back with the change it records', async () => {
    const before = (await allRows()).length;
    await expect(
      uow.run(async () => {
        await publish('test.rolled_back');
        throw new Error('business rule failed after auditing');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await allRows()).toHaveLength(before);
  });

  it('delivers committed subscribers once the outermost transaction commits, and never after a rollback', async () => {
    const committedBus = new DomainEventBus({ afterCommit: (deliver) => uow.afterCommit(deliver) });
    const seen: string[] = [];
    committedBus.subscribeCommitted((event) => void seen.push(event.action));
    const { audit: committedAudit, sealer: committedSealer } = auditOn(uow, committedBus);
    committedAudit.onModuleInit();
    try {
      const before = (await allRows()).length;
      await uow.run(async () => {
        await uow.run(() =>
          committedBus.publish({
            type: 'domain',
            action: 'test.committed',
            targetType: 'test',
            targetId: null,
          }),
        );
        expect(seen).toEqual([]);
      });
      expect(seen).toEqual(['test.committed']);
      expect(await allRows()).toHaveLength(before + 1);

      await expect(
        uow.run(async () => {
          await committedBus.publish({
            type: 'domain',
            action: 'test.never_committed',
            targetType: 'test',
            targetId: null,
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(seen).toEqual(['test.committed']);
    } finally {
      committedAudit.onModuleDestroy();
      await committedSealer.onModuleDestroy();
    }
  });

  it('verifies a chain longer than one batch', async () => {
    await Promise.all(
      Array.from({ length: 4 }, (_, b) =>
        uow.run(async () => {
          for (let i = 0; i < 600; i++) await publish('test.bulk', { b, i });
        }),
      ),
    );
    const result = await audit.verify();
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(2_000);
  });

  it('names the first broken link when a row is altered behind the trigger', async () => {
    const rows = await allRows();
    const victim = rows[5];
    await dataSource.transaction(async (db) => {
      await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
      await db.query(`UPDATE audit_event SET details = '{"forged": true}' WHERE seq = $1`, [
        victim.seq,
      ]);
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    });
    expect(await audit.verify()).toMatchObject({ ok: false, firstBroken: { seq: victim.seq } });
  });
});

describe('audit checkpoints outside the database', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: DomainEventBus;
  let audit: AuditService;
  let checkpoints: AuditCheckpoints;
  let sealer: AuditSealer;
  let file: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 4 }),
    ).initialize();
    await migrateDatabase(dataSource);
    bus = new DomainEventBus();
    file = join(await mkdtemp(join(tmpdir(), 'tumor-board-audit-')), 'checkpoints.jsonl');
    ({ audit, checkpoints, sealer } = auditOn(new UnitOfWork(dataSource), bus, file));
    audit.onModuleInit();
  });

  afterAll(async () => {
    audit.onModuleDestroy();
    await sealer.onModuleDestroy();
    await dataSource.destroy();
    await database.drop();
  });

  const publish = (n: number) =>
    bus.publish({
      type: 'domain',
      action: 'test.event',
      targetType: 'test',
      targetId: null,
      details: { n },
    });
  const headSeq = async () =>
    (await dataSource.query(`SELECT max(seq)::text AS seq FROM audit_event`))[0].seq as string;
  /** What someone with the database's owner rights could do: delete the newest rows. */
  const deleteNewest = (count: number) =>
    dataSource.transaction(async (db) => {
      await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
      await db.query(
        `DELETE FROM audit_event WHERE seq IN (SELECT seq FROM audit_event ORDER BY seq DESC LIMIT $1)`,
        [count],
      );
      await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);
    });

  it('writes a signed checkpoint when the head moved, to a file only its owner reads', async () => {
    for (let n = 0; n < 5; n += 1) await publish(n);
    const written = await checkpoints.record();
    expect(written).toMatchObject({
      seq: await headSeq(),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await checkpoints.record()).toBeNull();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await audit.verify()).toEqual({
      ok: true,
      checked: 5,
      checkpoint: { seq: written?.seq, recordedAt: written?.recordedAt },
    });
    // Entries after the checkpoint (here the verification's own, and one more) are fine.
    await publish(5);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 7 });
  });

  it('ignores a forged or torn line in the file', async () => {
    const real = await checkpoints.latest();
    await appendFile(file, `${JSON.stringify({ ...real, seq: '999999' })}\n{"seq":"12\n`);
    expect(await checkpoints.latest()).toEqual(real);
  });

  it('reports the newest entries deleted, and still after new ones are chained onto what was left', async () => {
    for (let n = 10; n < 13; n += 1) await publish(n);
    const checkpoint = await checkpoints.record();
    await deleteNewest(2);
    const remaining = await headSeq();
    const truncated = await audit.verify();
    expect(truncated).toMatchObject({
      ok: false,
      firstBroken: {
        seq: (BigInt(remaining) + 1n).toString(),
        reason: expect.stringMatching(
          new RegExp(
            `newest entries were deleted.*up to entry ${checkpoint?.seq}.*ends at entry ${remaining}`,
          ),
        ),
      },
      checkpoint: { seq: checkpoint?.seq },
    });

    await publish(20);
    expect(await audit.verify()).toMatchObject({
      ok: false,
      firstBroken: {
        seq: checkpoint?.seq,
        reason: expect.stringMatching(/is missing: it was deleted and later entries were chained/),
      },
    });
  });
});
