import { DataSource } from 'typeorm';
import { UnitOfWork, dataSourceOptions } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@app/testing';

describe('UnitOfWork on real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let uow: UnitOfWork;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: [], poolSize: 4 }),
    ).initialize();
    await dataSource.query(`CREATE TABLE note_line (n int PRIMARY KEY)`);
    uow = new UnitOfWork(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const lines = async () =>
    ((await dataSource.query(`SELECT n FROM note_line ORDER BY n`)) as Array<{ n: number }>).map(
      (row) => row.n,
    );
  /** The lines as the current transaction (or, outside one, the pool) reads them. */
  const readLines = async () =>
    ((await uow.manager.query(`SELECT n FROM note_line ORDER BY n`)) as Array<{ n: number }>).map(
      (row) => row.n,
    );
  const insert = (n: number) => uow.manager.query(`INSERT INTO note_line VALUES ($1)`, [n]);

  beforeEach(() => dataSource.query(`DELETE FROM note_line`));

  it('runs beforeCommit work at the end of the outermost transaction, inside it, in order', async () => {
    const order: string[] = [];
    await uow.run(async () => {
      await uow.run(async () => {
        await uow.beforeCommit(async () => {
          order.push('first');
          await insert(1);
          await uow.beforeCommit(async () => {
            order.push('registered by the first');
            await insert(3);
          });
        });
      });
      await uow.beforeCommit(async () => {
        order.push('second');
        await insert(2);
      });
      await insert(0);
      order.push('work done');
    });
    expect(order).toEqual(['work done', 'first', 'second', 'registered by the first']);
    expect(await lines()).toEqual([0, 1, 2, 3]);
  });

  it('rolls the transaction back when beforeCommit work fails, and then runs no afterCommit', async () => {
    let committed = false;
    await expect(
      uow.run(async () => {
        await insert(7);
        uow.afterCommit(() => (committed = true));
        await uow.beforeCommit(() => insert(7));
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await lines()).toEqual([]);
    expect(committed).toBe(false);
  });

  it('drops beforeCommit work when the transaction fails first', async () => {
    let ran = false;
    await expect(
      uow.run(async () => {
        await uow.beforeCommit(async () => {
          ran = true;
        });
        throw new Error('a business rule refused');
      }),
    ).rejects.toThrow('a business rule refused');
    expect(ran).toBe(false);
  });

  it('runs beforeCommit work at once, in a transaction of its own, outside a transaction', async () => {
    await uow.beforeCommit(async () => {
      expect(uow.inTransaction).toBe(true);
      await insert(5);
    });
    expect(await lines()).toEqual([5]);
  });

  it('reads on one snapshot: a change committed between two of its reads shows in neither', async () => {
    await insert(1);
    const twice = (within: (work: () => Promise<number[][]>) => Promise<number[][]>) =>
      within(async () => {
        const first = await readLines();
        // Another connection commits meanwhile (the pool's own, outside this transaction).
        await dataSource.query(`INSERT INTO note_line VALUES (2)`);
        return [first, await readLines()];
      });
    expect(await twice((work) => uow.read(work))).toEqual([[1], [1]]);
    await dataSource.query(`DELETE FROM note_line WHERE n = 2`);
    expect(await twice((work) => uow.run(work))).toEqual([[1], [1, 2]]);
  });

  it('joins the open transaction when reading inside one, and sees its uncommitted writes', async () => {
    const seen = await uow.run(async () => {
      await insert(4);
      return uow.read(async () => {
        expect(uow.inTransaction).toBe(true);
        return readLines();
      });
    });
    expect(seen).toEqual([4]);
  });
});
