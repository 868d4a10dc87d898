import request from 'supertest';
import { PlatformRole } from '@app/contracts';
import { TestApp, bearer, createUser, login, startTestApp } from '../support/test-app';

describe('audit log over HTTP', () => {
  let t: TestApp;
  let admin: { accessToken: string };
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const user = await createUser(t, { role: PlatformRole.Admin });
    adminId = user.id;
    admin = await login(t, user.email);
  });

  afterAll(() => t.close());

  it('records who did what, to what, from where, in which request', async () => {
    const invite = await request(t.http)
      .post('/api/v1/users')
      .set(bearer(admin.accessToken))
      .set('X-Request-Id', 'req-invite-0001')
      .send({
        email: 'audited@hospital.example',
        displayName: 'Audited Person',
        specialty: 'genetics',
        institution: 'General',
      })
      .expect(201);
    const events = await request(t.http)
      .get('/api/v1/audit')
      .query({ action: 'user.invited', targetId: invite.body.user.id })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(events.body.total).toBe(1);
    expect(events.body.items[0]).toMatchObject({
      actorId: adminId,
      action: 'user.invited',
      targetType: 'user',
      targetId: invite.body.user.id,
      requestId: 'req-invite-0001',
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.stringify(events.body.items[0].details)).not.toContain('invitationToken');
  });

  it('filters and pages', async () => {
    const page = await request(t.http)
      .get('/api/v1/audit')
      .query({ limit: 2, offset: 0 })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(page.body).toMatchObject({ limit: 2, offset: 0 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    expect(BigInt(page.body.items[0].seq)).toBeGreaterThan(BigInt(page.body.items[1].seq));
    const byActor = await request(t.http)
      .get('/api/v1/audit')
      .query({ actorId: adminId })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(byActor.body.items.every((e: { actorId: string }) => e.actorId === adminId)).toBe(true);
    const future = await request(t.http)
      .get('/api/v1/audit')
      .query({ from: '2999-01-01T00:00:00Z' })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(future.body.total).toBe(0);
    for (const query of [
      { limit: 0 },
      { limit: 100000 },
      { from: 'yesterday' },
      { actorId: 'me' },
      { action: 'DROP TABLE' },
      { bogus: 1 },
    ]) {
      await request(t.http)
        .get('/api/v1/audit')
        .query(query)
        .set(bearer(admin.accessToken))
        .expect(400);
    }
  });

  it('is refused by the database when edited directly in SQL', async () => {
    await expect(t.dataSource.query(`UPDATE audit_event SET actor_id = NULL`)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      t.dataSource.query(`DELETE FROM audit_event WHERE action = 'auth.login'`),
    ).rejects.toThrow(/append-only/);
  });

  it('verify reports an intact chain, then names a forged row as the first broken link', async () => {
    const intact = await request(t.http)
      .get('/api/v1/audit/verify')
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(intact.body).toMatchObject({ ok: true });
    expect(intact.body.checked).toBeGreaterThanOrEqual(3);

    const [{ seq }] = await t.auditLog(
      `SELECT seq FROM audit_event WHERE action = 'user.invited' ORDER BY seq LIMIT 1`,
    );
    await t.dataSource.transaction(async (db) => {
      await db.query(`SET LOCAL session_replication_role = replica`);
      await db.query(
        `UPDATE audit_event SET details = jsonb_set(details, '{email}', '"someone.else@hospital.example"') WHERE seq = $1`,
        [seq],
      );
    });

    const broken = await request(t.http)
      .get('/api/v1/audit/verify')
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(broken.body).toMatchObject({
      ok: false,
      firstBroken: { seq: String(seq), reason: expect.stringContaining('altered') },
    });
  });

  it('is admin-only', async () => {
    const user = await createUser(t);
    const tokens = await login(t, user.email);
    await request(t.http).get('/api/v1/audit').set(bearer(tokens)).expect(403);
  });
});
