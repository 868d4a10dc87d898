import { createHash } from 'node:crypto';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { JwtService } from '@nestjs/jwt';
import { templateMarkdown } from '@app/notes';
import { TEST_JWT_SECRET, TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase, person } from '../support/clinical';
import { closed, noteClient, rawSocket, waitFor } from '../support/collab';
import { PlatformRole, Specialty } from '@app/contracts';

describe('shared case notes over the standard y-websocket protocol', () => {
  let t: TestApp;
  let port: number;
  let caseId: string;
  let meetingId: string;
  let chair: Person;
  let panelist: Person;
  let observer: Person;
  let presenter: Person;
  let outsider: Person;
  const clients: Array<{ close: () => void }> = [];

  const track = <T extends { close: () => void }>(client: T): T => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({
      COLLAB_IDLE_UNLOAD_MS: '100',
      COLLAB_COMPACT_UPDATES: '40',
      COLLAB_MAX_MESSAGE_BYTES: '65536',
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const panel = await boardWithPanel(t);
    ({ chair, panelist, observer, presenter } = panel.members);
    outsider = await person(t, Specialty.Radiology);
    caseId = (
      await request(t.http)
        .post(`/api/v1/boards/${panel.boardId}/cases`)
        .set(bearer(presenter.token))
        .send(completeCase('NT-001'))
        .expect(201)
    ).body.id;
    const series = await request(t.http)
      .post(`/api/v1/boards/${panel.boardId}/meetings`)
      .set(bearer(panel.coordinator.token))
      .send({
        title: 'Weekly',
        startLocal: `${new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    meetingId = series.body.meetings[0].id;
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(() => t.close());

  const doc = () => `cases/${caseId}`;

  describe('authentication at the upgrade', () => {
    it.each([
      ['no token', 401, () => `/collab/${doc()}`],
      ['a bad token', 401, () => `/collab/${doc()}?token=abc.def.ghi`],
      [
        'a member of no board with this case',
        403,
        () => `/collab/${doc()}?token=${outsider.token}`,
      ],
      [
        'an unknown case',
        403,
        () => `/collab/cases/00000000-0000-4000-8000-000000000000?token=${chair.token}`,
      ],
      ['an unknown document kind', 404, () => `/collab/boards/${caseId}?token=${chair.token}`],
    ])('refuses %s with HTTP %i before the WebSocket opens', async (_name, status, path) => {
      expect((await rawSocket(port, path())).status).toBe(status);
    });
  });

  it('starts from the template, and two stock clients converge with awareness visible', async () => {
    const a = track(noteClient(port, doc(), chair.token));
    const b = track(noteClient(port, doc(), panelist.token));
    expect(await a.firstSync).toBe(templateMarkdown('cases'));
    await b.firstSync;
    a.doc.getText('markdown').insert(a.text().indexOf('## Imaging'), 'Cough for 3 months.\n\n');
    await waitFor(() => b.text().includes('Cough for 3 months.'), 5_000, 'B to see A');
    b.doc.getText('markdown').insert(b.text().length, 'Agreed: neoadjuvant therapy.\n');
    await waitFor(() => a.text() === b.text() && a.text().includes('Agreed'), 5_000, 'convergence');
    a.provider.awareness.setLocalStateField('user', { name: 'Dr Chair', colour: '#e91e63' });
    await waitFor(
      () =>
        [...b.provider.awareness.getStates().values()].some(
          (state) => state.user?.name === 'Dr Chair',
        ),
      5_000,
      'awareness',
    );
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT actor_id)::int AS actors FROM note_update WHERE document = $1`,
      [doc()],
    );
    expect(rows[0]).toMatchObject({ actors: 2 });
  });

  it('never applies or relays an observer’s edits, nor a conflicted member’s', async () => {
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/conflicts`)
      .set(bearer(presenter.token))
      .send({ reason: 'Family friend' })
      .expect(204);
    const writer = track(noteClient(port, doc(), chair.token));
    const watcher = track(noteClient(port, doc(), observer.token));
    const conflicted = track(noteClient(port, doc(), presenter.token));
    await Promise.all([writer.firstSync, watcher.firstSync, conflicted.firstSync]);
    watcher.doc.getText('markdown').insert(0, 'OBSERVER WAS HERE\n');
    conflicted.doc.getText('markdown').insert(0, 'CONFLICTED WAS HERE\n');
    writer.doc.getText('markdown').insert(0, 'marker\n');
    await waitFor(
      () => watcher.text().includes('marker') && conflicted.text().includes('marker'),
      5_000,
      'readers to receive',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writer.text()).not.toMatch(/OBSERVER|CONFLICTED/);
    const notes = await request(t.http)
      .get(`/api/v1/cases/${caseId}/notes`)
      .set(bearer(chair.token))
      .expect(200);
    expect(notes.body.markdown).not.toMatch(/OBSERVER|CONFLICTED/);
    const byReaders = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM note_update WHERE actor_id = ANY($1)`,
      [[observer.user.id, presenter.user.id]],
    );
    expect(byReaders[0].n).toBe(0);
    await request(t.http)
      .delete(`/api/v1/cases/${caseId}/conflicts/me`)
      .set(bearer(presenter.token))
      .expect(204);
  });

  it('tells each reader whether they write, and why not, with the shared editor deciding alike', async () => {
    const admin = await person(t, Specialty.Other, PlatformRole.Admin);
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/conflicts`)
      .set(bearer(presenter.token))
      .send({ reason: 'Treating relative' })
      .expect(204);
    const accessOf = async (path: string, who: Person) =>
      (await request(t.http).get(path).set(bearer(who.token)).expect(200)).body.access;
    const writes = { canWrite: true, readOnlyReason: null };
    const reads = (readOnlyReason: string) => ({ canWrite: false, readOnlyReason });
    const caseNotes = `/api/v1/cases/${caseId}/notes`;
    const minutes = `/api/v1/meetings/${meetingId}/notes`;
    expect(await accessOf(caseNotes, chair)).toEqual(writes);
    expect(await accessOf(caseNotes, panelist)).toEqual(writes);
    expect(await accessOf(caseNotes, observer)).toEqual(reads('observer'));
    expect(await accessOf(caseNotes, presenter)).toEqual(reads('conflict_of_interest'));
    expect(await accessOf(caseNotes, admin)).toEqual(reads('not_on_board'));
    // A conflict on one case does not touch the meeting's minutes.
    expect(await accessOf(minutes, presenter)).toEqual(writes);
    expect(await accessOf(minutes, observer)).toEqual(reads('observer'));
    expect(await accessOf(minutes, admin)).toEqual(reads('not_on_board'));
    await request(t.http).get(caseNotes).set(bearer(outsider.token)).expect(404);

    const writer = track(noteClient(port, doc(), chair.token));
    const outsideReader = track(noteClient(port, doc(), admin.token));
    await Promise.all([writer.firstSync, outsideReader.firstSync]);
    outsideReader.doc.getText('markdown').insert(0, 'ADMIN WAS HERE\n');
    writer.doc.getText('markdown').insert(0, 'access marker\n');
    await waitFor(() => outsideReader.text().includes('access marker'), 5_000, 'admin to read');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writer.text()).not.toContain('ADMIN WAS HERE');
    await request(t.http)
      .delete(`/api/v1/cases/${caseId}/conflicts/me`)
      .set(bearer(presenter.token))
      .expect(204);
    expect(await accessOf(caseNotes, presenter)).toEqual(writes);
  });

  it('gives two clients opening a cold document at the same moment the full content in their first sync', async () => {
    const writer = track(noteClient(port, `meetings/${meetingId}`, chair.token));
    await writer.firstSync;
    writer.doc.getText('markdown').insert(0, 'Minutes: quorate.\n');
    const rows = async () =>
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM note_update WHERE document = $1`, [
          `meetings/${meetingId}`,
        ])
      )[0].n;
    const started = Date.now();
    while ((await rows()) === 0 && Date.now() - started < 5_000)
      await new Promise((r) => setTimeout(r, 20));
    writer.close();
    clients.splice(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.details.notes.documents).toBe(0);

    const [x, y] = [
      track(noteClient(port, `meetings/${meetingId}`, panelist.token)),
      track(noteClient(port, `meetings/${meetingId}`, observer.token)),
    ];
    const [first, second] = await Promise.all([x.firstSync, y.firstSync]);
    expect(first).toContain('Minutes: quorate.');
    expect(second).toContain('Minutes: quorate.');
  });

  it('compacts the log into a snapshot without losing content', async () => {
    const a = track(noteClient(port, doc(), chair.token));
    await a.firstSync;
    for (let i = 0; i < 120; i++) a.doc.getText('markdown').insert(a.text().length, `line ${i}\n`);
    const started = Date.now();
    let text = '';
    while (Date.now() - started < 10_000) {
      text = (
        await request(t.http)
          .get(`/api/v1/cases/${caseId}/notes`)
          .set(bearer(chair.token))
          .expect(200)
      ).body.markdown;
      if (text.includes('line 119')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(text).toContain('line 0\n');
    expect(text).toContain('line 119\n');
    // Compaction follows the writes on its own schedule (later on a busy machine).
    const compaction = async () => {
      const [row] = await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM note_update WHERE document = $1) AS n, compacted_at
           FROM note_document WHERE name = $1`,
        [doc()],
      );
      return row as { n: number; compacted_at: Date | null };
    };
    await waitFor(
      async () => {
        const { n, compacted_at } = await compaction();
        return n < 40 && compacted_at !== null;
      },
      10_000,
      'the log compacted',
    );
    expect((await compaction()).n).toBeLessThan(40);
  });

  it('returns the notes as Markdown and sections, audits the read, and freezes hashed snapshots', async () => {
    const notes = await request(t.http)
      .get(`/api/v1/cases/${caseId}/notes`)
      .set(bearer(observer.token))
      .expect(200);
    expect(notes.body.document).toBe(doc());
    expect(notes.body.sections.map((s: { heading: string }) => s.heading)).toEqual(
      expect.arrayContaining([
        'History',
        'Imaging',
        'Pathology',
        'Discussion',
        'Proposed recommendation',
      ]),
    );
    const audit = await t.auditLog(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'notes.viewed' AND actor_id = $1`,
      [observer.user.id],
    );
    expect(audit[0].n).toBeGreaterThan(0);
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/notes/snapshots`)
      .set(bearer(observer.token))
      .expect(403);
    const snapshot = await request(t.http)
      .post(`/api/v1/cases/${caseId}/notes/snapshots`)
      .set(bearer(chair.token))
      .expect(201);
    expect(snapshot.body.contentHash).toBe(
      createHash('sha256').update(snapshot.body.markdown).digest('hex'),
    );
    expect(snapshot.body.markdown).toBe(notes.body.markdown);
    await request(t.http)
      .get(`/api/v1/cases/${caseId}/notes`)
      .set(bearer(outsider.token))
      .expect(404);
  });

  it('closes a connection whose token expires with 4001, and the client can come back with a fresh one', async () => {
    const jwt = new JwtService({ secret: TEST_JWT_SECRET });
    const claims = JSON.parse(Buffer.from(chair.token.split('.')[1], 'base64url').toString());
    const shortLived = await jwt.signAsync(
      { sid: claims.sid, role: claims.role },
      {
        subject: claims.sub,
        expiresIn: 2,
        issuer: 'tumor-board',
        audience: 'tumor-board-api',
        algorithm: 'HS256',
      },
    );
    const { socket } = await rawSocket(port, `/collab/${doc()}?token=${shortLived}`);
    expect(socket).not.toBeNull();
    expect(await closed(socket!)).toMatchObject({ code: 4001 });
    expect((await rawSocket(port, `/collab/${doc()}?token=${chair.token}`)).status).toBe(101);
  });

  describe('malformed and oversized frames close only that connection', () => {
    const frames: Array<[string, () => Uint8Array, number[]]> = [
      ['an unknown message type', () => Uint8Array.of(9), [1003]],
      ['a truncated varint', () => Uint8Array.of(0xff), [1007]],
      ['an unknown sync step', () => Uint8Array.of(0, 7), [1003]],
      ['a sync update with a length past the end', () => Uint8Array.of(0, 2, 200, 1, 2), [1007]],
      [
        'a garbage Yjs update',
        () => {
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 2);
          encoding.writeVarUint8Array(e, Uint8Array.of(5, 200, 200, 200, 1, 9, 9, 9));
          return encoding.toUint8Array(e);
        },
        [1007],
      ],
      ['a garbage awareness update', () => Uint8Array.of(1, 3, 250, 250, 250), [1007]],
      ['a frame over the size limit', () => new Uint8Array(70_000), [1009]],
    ];

    it.each(frames)('%s', async (_name, frame, codes) => {
      const bystander = track(noteClient(port, doc(), chair.token));
      await bystander.firstSync;
      const { socket } = await rawSocket(port, `/collab/${doc()}?token=${panelist.token}`);
      const closing = closed(socket!);
      socket!.send(frame());
      expect(codes).toContain((await closing).code);
      bystander.doc.getText('markdown').insert(0, 'still fine\n');
      const check = track(noteClient(port, doc(), panelist.token));
      await check.firstSync;
      await waitFor(
        () => check.text().includes('still fine'),
        5_000,
        'the bystander to keep working',
      );
      await request(t.http).get('/health').expect(200);
    });

    it('survives a storm of random frames from many connections', async () => {
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      for (let round = 0; round < 40; round++) {
        const { socket } = await rawSocket(port, `/collab/${doc()}?token=${panelist.token}`);
        if (!socket) continue;
        const closing = closed(socket);
        const length = 1 + Math.floor(random() * 64);
        socket.send(Uint8Array.from({ length }, () => Math.floor(random() * 256)));
        socket.send(Uint8Array.from({ length }, () => Math.floor(random() * 256)));
        await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 100))]);
        socket.terminate();
      }
      const after = track(noteClient(port, doc(), chair.token));
      expect(await after.firstSync).toContain('## Discussion');
      await request(t.http).get('/health').expect(200);
      const y = new Y.Doc();
      Y.applyUpdate(
        y,
        new Uint8Array(
          (
            await t.dataSource.query(`SELECT snapshot FROM note_document WHERE name = $1`, [doc()])
          )[0].snapshot,
        ),
      );
      expect(y.getText('markdown').toString()).toContain('## Discussion');
    });
  });
});
