import { DataSource } from 'typeorm';
import { MIGRATIONS, dataSourceOptions, migrateDatabase } from '@app/persistence';
import { TestDatabase, createTestDatabase } from '@app/testing';
import { ENTITIES } from '../../apps/server/src/entities';

describe('migrations on real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 4 }),
    ).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const tables = async () =>
    (
      await dataSource.query<Array<{ table_name: string }>>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      )
    ).map((row) => row.table_name);

  it('never synchronises the schema from entities', () => {
    expect(dataSource.options.synchronize).toBe(false);
    expect(dataSource.options.migrationsRun).toBe(false);
  });

  it('applies every migration, then all the way down, then up again', async () => {
    expect(await migrateDatabase(dataSource)).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual([
      'agenda_item',
      'app_user',
      'audit_event',
      'audit_pending_event',
      'auth_session',
      'ballot',
      'board',
      'board_imaging_source',
      'board_member',
      'calendar_feed',
      'case_conflict',
      'case_record',
      'clinical_case',
      'external_identity',
      'imaging_study_opening',
      'meeting',
      'meeting_attendance',
      'meeting_room_state',
      'meeting_series',
      'minority_opinion',
      'note_document',
      'note_snapshot',
      'note_update',
      'outcome_follow_up',
      'preparation_request',
      'readiness_template',
      'recommendation',
      'refresh_token',
      'schema_migration',
      'second_opinion_arbitration',
      'second_opinion_assessment',
      'second_opinion_consultation',
      'second_opinion_event',
      'second_opinion_opinion',
      'second_opinion_question',
      'second_opinion_record',
      'second_opinion_referrer_link',
      'second_opinion_request',
      'second_opinion_reviewer',
      'second_opinion_upload_link',
      'sso_sign_in',
      'sso_step_up_grant',
      'vote',
      'vote_voter',
      'webhook_delivery',
      'webhook_endpoint',
    ]);
    expect(await dataSource.showMigrations()).toBe(false);

    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual(['schema_migration']);
    const functions = await dataSource.query(
      `SELECT 1 FROM pg_proc WHERE proname IN ('audit_event_append_only', 'audit_pending_event_unchanged')`,
    );
    expect(functions).toHaveLength(0);

    expect(await migrateDatabase(dataSource)).toHaveLength(MIGRATIONS.length);
    expect(await migrateDatabase(dataSource)).toEqual([]);
  });

  it('lets concurrent instances migrate safely: one applies, the others wait', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    const others = await Promise.all(
      [1, 2].map(() =>
        new DataSource(
          dataSourceOptions({ url: database.url, entities: ENTITIES, poolSize: 2 }),
        ).initialize(),
      ),
    );
    try {
      const results = await Promise.all(
        [dataSource, ...others].map((source) => migrateDatabase(source)),
      );
      expect(results.map((applied) => applied.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    } finally {
      await Promise.all(others.map((source) => source.destroy()));
    }
  });

  it('entity mappings match the migrated schema', async () => {
    for (const entity of dataSource.entityMetadatas) {
      const columns = await dataSource.query<Array<{ column_name: string }>>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1`,
        [entity.tableName],
      );
      const names = columns.map((column) => column.column_name);
      for (const column of entity.columns) expect(names).toContain(column.databaseName);
    }
  });
});
