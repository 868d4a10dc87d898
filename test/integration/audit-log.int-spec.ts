import { DataSource } from 'typeorm';
import {
  AuditEvent,
  AuditEventRepository,
  AuditService,
  ChainVerifier,
  GENESIS_HASH,
} from '@app/audit';
import { DomainEventBus, systemClock } from '@app/core';
import { UnitOfWork, dataSourceOptions, migrateDatabase } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@app/testing';
import { ENTITIES } from '../../apps/server/src/entities';

describe('audit log on real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: DomainEventBus;
  let uow: UnitOfWork;
  let audit: AuditService;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 12 }),
    ).initialize();
    await migrateDatabase(dataSource);
    bus = new DomainEventBus();
    uow = new UnitOfWork(dataSource);
    audit = new AuditService(uow, bus, new AuditEventRepository(uow), systemClock);
    audit.onModuleInit();
  });

  afterAll(async () => {
    audit.onModuleDestroy();
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

  const allRows = () => dataSource.getRepository(AuditEvent).find({ order: { seq: 'ASC' } });

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

  it('keeps the chain intact across two independent instances (separate pools)', async () => {
    const otherSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 6 }),
    ).initialize();
    const otherBus = new DomainEventBus();
    const otherUow = new UnitOfWork(otherSource);
    const other = new AuditService(
      otherUow,
      otherBus,
      new AuditEventRepository(otherUow),
      systemClock,
    );
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
    const committedAudit = new AuditService(
      uow,
      committedBus,
      new AuditEventRepository(uow),
      systemClock,
    );
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
