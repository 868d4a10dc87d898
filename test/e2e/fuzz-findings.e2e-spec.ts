import { randomUUID } from 'node:crypto';
import request from 'supertest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
  Ack,
  BoardRole,
  COLLAB_CLOSE,
  MeetingStateView,
  PlatformRole,
  Specialty,
} from '@app/contracts';
import { combineUpdates, textOf } from '@app/notes';
import { closed, noteClient, rawSocket, waitFor } from '../support/collab';
import { LiveClient, connectLive, emitLive, listen, stateWhere } from '../support/live';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase, person } from '../support/clinical';

/**
 * Each request here once answered 500 under the OpenAPI-driven fuzzer, and each
 * socket event or note frame failed silently, internally or for good under the
 * socket and Yjs fuzzer; each must now be a clear 4xx (a refusal with its code,
 * a documented close code), and change nothing.
 */
describe('fuzz findings: each is a clear 4xx, never a 500', () => {
  let t: TestApp;
  let coordinator: Person;
  let admin: Person;
  let boardId: string;
  let caseId: string;
  let meetingId: string;
  let presenterId: string;
  let members: Record<Exclude<BoardRole, 'coordinator'>, Person>;
  let url: string | null = null;

  const serverUrl = async (): Promise<string> => {
    url ??= await listen(t);
    return url;
  };

  /** An event and its acknowledgement, whatever the event (tests send what clients never would). */
  const ask = (socket: LiveClient, event: string, payload: unknown) =>
    event === 'meeting:join' || event === 'meeting:command'
      ? emitLive(socket, event, payload)
      : (socket.timeout(5_000).emitWithAck(event, payload) as Promise<
          Ack<{ state: MeetingStateView }>
        >);

  const joined = async (who: Person, id = meetingId): Promise<LiveClient> => {
    const socket = await connectLive(await serverUrl(), who.token);
    expect(await ask(socket, 'meeting:join', { meetingId: id })).toMatchObject({ ok: true });
    return socket;
  };

  const addItem = async (patientRef: string) => {
    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase(patientRef))
      .expect(201);
    const added = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .send({
        caseId: created.body.id,
        minutesAllotted: 10,
        presenterId,
        overrideReason: 'fuzz finding setup',
      })
      .expect(201);
    const items: Array<{ id: string; caseId: string; minutesAllotted: number }> = added.body.items;
    const item = items.find((candidate) => candidate.caseId === created.body.id);
    if (!item) throw new Error('agenda item not added');
    return item;
  };

  const expectClientError = (response: request.Response, status = 400) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, message: expect.any(String) });
  };

  beforeAll(async () => {
    t = await startTestApp();
    const panel = await boardWithPanel(t);
    coordinator = panel.coordinator;
    admin = await person(t, Specialty.Radiology, PlatformRole.Admin);
    boardId = panel.boardId;
    presenterId = panel.members.presenter.user.id;
    members = panel.members;
    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase('FF-001'))
      .expect(201);
    caseId = created.body.id;
    const series = await request(t.http)
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(coordinator.token))
      .send({
        title: 'Findings',
        startLocal: `${new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    meetingId = series.body.meetings[0].id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses an offset beyond any page (bigint out of range) on /users and /audit', async () => {
    for (const path of ['/api/v1/users', '/api/v1/audit']) {
      for (const offset of ['99999999999999999999', '1e30', '9007199254740993']) {
        const response = await request(t.http).get(path).query({ offset }).set(bearer(admin.token));
        expectClientError(response);
      }
      await request(t.http)
        .get(path)
        .query({ offset: '1000000' })
        .set(bearer(admin.token))
        .expect(200);
    }
  });

  it('refuses a date beyond what PostgreSQL stores (JavaScript reads year -227361)', async () => {
    for (const [path, query] of [
      [`/api/v1/boards/${boardId}/meetings`, { to: '-227361-11-02T14:56:30.143Z' }],
      [`/api/v1/boards/${boardId}/meetings`, { from: '+275760-09-13T00:00:00.000Z' }],
      ['/api/v1/audit', { from: '-000001-01-01T00:00:00.000Z' }],
    ] as const) {
      const response = await request(t.http)
        .get(path)
        .query(query)
        .set(bearer(path.startsWith('/api/v1/audit') ? admin.token : coordinator.token));
      expectClientError(response);
    }
  });

  it('refuses a NUL character in a search, a path or any text field', async () => {
    expectClientError(
      await request(t.http)
        .get('/api/v1/users')
        .query({ search: 'a\u0000b' })
        .set(bearer(admin.token)),
    );
    expectClientError(
      await request(t.http)
        .patch(`/api/v1/cases/${caseId}`)
        .set(bearer(coordinator.token))
        .send({ question: 'Surgery or \u0000 chemoradiotherapy?' }),
    );
    expectClientError(
      await request(t.http)
        .patch(`/api/v1/boards/${boardId}`)
        .set(bearer(coordinator.token))
        .send({ ['na\u0000me']: 'x' }),
    );
    const response = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send({
        ...completeCase('FF-NUL'),
        diagnosis: { ...completeCase('FF-NUL').diagnosis, histology: 'Adeno\u0000carcinoma' },
      });
    expectClientError(response);
    expect(response.body.message).toMatch(/NUL/);
  });

  it('refuses a voting policy that is not an object', async () => {
    for (const votingPolicy of [[], 'majority', 7, null]) {
      expectClientError(
        await request(t.http)
          .post('/api/v1/boards')
          .set(bearer(coordinator.token))
          .send({
            name: 'Policy Board',
            tumourSites: ['lung'],
            institution: 'General Hospital',
            timezone: 'UTC',
            votingPolicy,
          }),
      );
    }
  });

  it('refuses an agenda change with nothing to change or a null where a value is required', async () => {
    const item = await addItem('FF-PATCH');
    for (const body of [{}, { minutesAllotted: null }, { presenterId: null }]) {
      expectClientError(
        await request(t.http)
          .patch(`/api/v1/agenda-items/${item.id}`)
          .set(bearer(coordinator.token))
          .send(body),
      );
    }
    const agenda = await request(t.http)
      .get(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(
      agenda.body.items.find((candidate: { id: string }) => candidate.id === item.id),
    ).toMatchObject({ minutesAllotted: 10, presenterId });
  });

  it('removes an agenda item once when several remove it at once; the others get 404', async () => {
    const item = await addItem('FF-DELETE');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(t.http).delete(`/api/v1/agenda-items/${item.id}`).set(bearer(coordinator.token)),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status < 300)).toHaveLength(1);
    expect(statuses.filter((status) => status >= 300)).toEqual(
      Array.from({ length: 5 }, () => 404),
    );
  });

  it('reads the notes of a case named by an upper-case id', async () => {
    const response = await request(t.http)
      .get(`/api/v1/cases/${caseId.toUpperCase()}/notes`)
      .set(bearer(coordinator.token));
    expect(response.status).toBe(200);
  });

  it('refuses a webhook whose secret is null or not text', async () => {
    for (const secret of [null, 7, [], {}]) {
      expectClientError(
        await request(t.http)
          .post(`/api/v1/boards/${boardId}/webhooks`)
          .set(bearer(coordinator.token))
          .send({ url: 'https://example.org/hook', secret }),
      );
    }
  });

  it('closes a notes connection that writes anything but the note’s text, and keeps none of it', async () => {
    const port = Number(new URL(await serverUrl()).port);
    const note = noteClient(port, `cases/${caseId}`, coordinator.token);
    try {
      await note.firstSync;
      const closed = new Promise<number>((resolve) =>
        note.provider.on('connection-close', (event) => {
          if (event) resolve(event.code);
        }),
      );
      note.doc.getMap('hidden').set('payload', 'x'.repeat(10_000));
      expect(await closed).toBe(COLLAB_CLOSE.malformed);
    } finally {
      note.close();
    }
    const again = noteClient(port, `cases/${caseId}`, coordinator.token);
    try {
      await again.firstSync;
      expect(again.doc.getMap('hidden').size).toBe(0);
      again.doc.getText('markdown').insert(0, 'Still writable\n');
      await waitFor(
        async () =>
          (
            await request(t.http)
              .get(`/api/v1/cases/${caseId}/notes`)
              .set(bearer(coordinator.token))
          ).body.markdown.includes('Still writable'),
        5_000,
        'the text edit stored',
      );
    } finally {
      again.close();
    }
  });
  // Found by the socket and Yjs fuzzer (socket-fuzz.e2e-spec.ts): each was a silent or internal
  // failure, or a note that could no longer be opened.

  it('refuses a request body nested thousands of levels deep instead of running out of stack', async () => {
    // Arrays 1,500 deep: JSON.parse (with the parser's reviver) still reads them; class-transformer did not.
    let deep: unknown = 'x';
    for (let level = 0; level < 1_500; level++) deep = [deep];
    const response = await request(t.http)
      .patch(`/api/v1/cases/${caseId}`)
      .set(bearer(coordinator.token))
      .send({ version: 1, question: deep });
    expectClientError(response);
    expect(response.body.details).toEqual([
      { field: 'body', message: 'body nests deeper than 32 levels' },
    ]);
  });

  it('refuses a socket payload nested thousands of levels deep instead of running out of stack', async () => {
    const chair = await joined(members.chair);
    const exceptions: unknown[] = [];
    chair.on('exception', (exception: unknown) => exceptions.push(exception));
    let deep: unknown = 'x';
    for (let level = 0; level < 3_000; level++) deep = { n: deep };
    try {
      for (const [event, payload] of [
        ['meeting:command', { meetingId, command: 'defer', reason: deep }],
        ['imaging:share', { meetingId, viewport: deep }],
        ['media:connect', { meetingId, transportId: randomUUID(), dtlsParameters: deep }],
        ['vote:cast', { voteId: randomUUID(), choice: 'abstain', submissionId: [[[[deep]]]] }],
      ] as const) {
        expect(await ask(chair, event, payload)).toMatchObject({
          ok: false,
          error: { code: 'invalid_input', message: expect.stringMatching(/nested deeper/) },
        });
      }
      expect(exceptions).toEqual([]);
      expect(await ask(chair, 'imaging:follow', { meetingId, follow: true })).toMatchObject({
        ok: true,
      });
    } finally {
      chair.disconnect();
    }
  });

  it('refuses a NUL character or a prototype key in a socket event, and applies nothing', async () => {
    const chair = await joined(members.chair);
    try {
      expect(await ask(chair, 'meeting:command', { meetingId, command: 'start' })).toMatchObject({
        ok: true,
      });
      const refused = await ask(chair, 'meeting:command', {
        meetingId,
        command: 'end',
        undiscussed: 'return_to_cases',
        reason: 'Patient \u0000 declined',
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: 'reason must not contain a NUL character' },
      });
      expect(
        await ask(chair, 'vote:open', {
          meetingId,
          question: 'Surgery \u0000 or not?',
          options: [{ text: 'Lobectomy', intent: 'curative', modalities: ['surgery'] }],
        }),
      ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      for (const payload of [
        JSON.parse(`{"meetingId": "${meetingId}", "command": "next", "__proto__": {"x": 1}}`),
        { meetingId, command: 'next', constructor: { prototype: { x: 1 } } },
      ])
        expect(await ask(chair, 'meeting:command', payload)).toMatchObject({
          ok: false,
          error: { code: 'invalid_input', message: expect.stringMatching(/not allowed as a key/) },
        });
      const meeting = await request(t.http)
        .get(`/api/v1/meetings/${meetingId}`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(meeting.body.status).toBe('live');
      const agenda = await request(t.http)
        .get(`/api/v1/meetings/${meetingId}/agenda`)
        .set(bearer(coordinator.token))
        .expect(200);
      expect(
        agenda.body.items.filter((item: { status: string }) => item.status === 'deferred'),
      ).toEqual([]);
    } finally {
      chair.disconnect();
    }
  });

  it('puts a member who names the meeting in upper case in the same room as everyone else', async () => {
    const chair = await joined(members.chair);
    const panelist = members.panelist;
    let socket: LiveClient | null = null;
    try {
      await ask(chair, 'meeting:command', { meetingId, command: 'start' });
      const present = stateWhere(chair, (state) =>
        state.presence.some((entry) => entry.userId === panelist.user.id),
      );
      socket = await joined(panelist, meetingId.toUpperCase());
      await present;
      const raised = stateWhere(chair, (state) => state.queue.raised.includes(panelist.user.id));
      expect(
        await ask(socket, 'meeting:command', {
          meetingId: meetingId.toUpperCase(),
          command: 'raise_hand',
        }),
      ).toMatchObject({ ok: true, state: { meetingId } });
      await raised;
    } finally {
      socket?.disconnect();
      chair.disconnect();
    }
  });

  it('closes a notes connection that sends an update Yjs cannot apply, and the note still opens', async () => {
    const port = Number(new URL(await serverUrl()).port);
    const document = `cases/${caseId}`;
    const client = 777;
    const encoded = (write: (encoder: encoding.Encoder) => void) => {
      const encoder = encoding.createEncoder();
      write(encoder);
      return encoding.toUint8Array(encoder);
    };
    const syncUpdate = (update: Uint8Array) =>
      encoded((encoder) => {
        encoding.writeVarUint(encoder, 0);
        encoding.writeVarUint(encoder, 2);
        encoding.writeVarUint8Array(encoder, update);
      });
    const earlier = new Y.Doc();
    earlier.clientID = client;
    earlier.getText('markdown').insert(0, 'Reviewed at the board\n');
    const unappliable: Array<[string, Uint8Array[]]> = [
      [
        // One item of a new client: a keyed entry whose parent is a later item of the same client.
        'an item inside a later item of its own client',
        [
          encoded((encoder) => {
            for (const value of [1, 1, client, 0]) encoding.writeVarUint(encoder, value);
            encoding.writeUint8(encoder, 0x28);
            for (const value of [0, client, 57]) encoding.writeVarUint(encoder, value);
            encoding.writeVarString(encoder, 'k');
            encoding.writeVarUint(encoder, 1);
            encoding.writeUint8(encoder, 119);
            encoding.writeVarString(encoder, 'v');
            encoding.writeVarUint(encoder, 0);
          }),
        ],
      ],
      [
        'a deletion of no length',
        [
          encoded((encoder) =>
            [0, 1, client, 1, 5, 0].forEach((value) => encoding.writeVarUint(encoder, value)),
          ),
        ],
      ],
      [
        // Accepted text from the client, then an item placed after a later item of its own.
        'an item placed after a later item of its own client',
        [
          Y.encodeStateAsUpdate(earlier),
          encoded((encoder) => {
            for (const value of [1, 1, client, 22]) encoding.writeVarUint(encoder, value);
            encoding.writeUint8(encoder, 0x84);
            for (const value of [client, 124]) encoding.writeVarUint(encoder, value);
            encoding.writeVarString(encoder, 'x');
            encoding.writeVarUint(encoder, 0);
          }),
        ],
      ],
    ];
    for (const [, updates] of unappliable) {
      const { socket } = await rawSocket(port, `/collab/${document}?token=${coordinator.token}`);
      const closing = closed(socket!);
      for (const update of updates) socket!.send(syncUpdate(update));
      expect((await closing).code).toBe(COLLAB_CLOSE.malformed);
    }
    const note = noteClient(port, document, coordinator.token);
    try {
      await note.firstSync;
      await waitFor(() => note.text().includes('Reviewed at the board'), 5_000, 'the text stored');
      await request(t.http).get('/health').expect(200);
    } finally {
      note.close();
    }
    const [{ snapshot }] = await t.dataSource.query(
      `SELECT snapshot FROM note_document WHERE name = $1`,
      [document],
    );
    const log: Array<{ payload: Buffer }> = await t.dataSource.query(
      `SELECT payload FROM note_update WHERE document = $1 ORDER BY id`,
      [document],
    );
    expect(
      textOf(
        combineUpdates([
          new Uint8Array(snapshot),
          ...log.map((row) => new Uint8Array(row.payload)),
        ]),
      ),
    ).toContain('Reviewed at the board');
  });
  it('sends a writer what its update completed: changes that had waited for it, which nobody had', async () => {
    const port = Number(new URL(await serverUrl()).port);
    const document = `cases/${caseId}`;
    const author = new Y.Doc();
    author.clientID = 424_242;
    const updates: Uint8Array[] = [];
    author.on('update', (update: Uint8Array) => updates.push(update));
    author.getText('markdown').insert(0, 'Margins clear. ');
    author.getText('markdown').insert(15, 'Nodes negative.\n');
    const [first, second] = updates;
    const editor = noteClient(port, document, coordinator.token);
    try {
      await editor.firstSync;
      const { socket } = await rawSocket(port, `/collab/${document}?token=${coordinator.token}`);
      const frame = encoding.createEncoder();
      encoding.writeVarUint(frame, 0);
      encoding.writeVarUint(frame, 2);
      encoding.writeVarUint8Array(frame, second);
      socket!.send(encoding.toUint8Array(frame));
      // The second change is stored and waits on the server for the first, which nobody sent yet.
      await waitFor(
        async () =>
          (
            await t.dataSource.query(
              `SELECT 1 FROM note_update WHERE document = $1 AND payload = $2`,
              [document, Buffer.from(second)],
            )
          ).length === 1,
        5_000,
        'the second change stored',
      );
      Y.applyUpdate(editor.doc, first);
      await waitFor(
        () => editor.text().includes('Margins clear. Nodes negative.'),
        5_000,
        'the editor to get the change its own completed',
      );
      socket!.close();
    } finally {
      editor.close();
    }
  });

  it('refuses a second connect of a transport and a stream reusing a MID or an SSRC, not as internal', async () => {
    const chair = await joined(members.chair);
    const media = (event: string, payload: object) =>
      chair.timeout(5_000).emitWithAck(event, { meetingId, ...payload }) as Promise<
        Ack<Record<string, unknown>>
      >;
    const dtlsParameters = {
      role: 'client',
      fingerprints: [{ algorithm: 'sha-256', value: Array(32).fill('AB').join(':') }],
    };
    const opus = { mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 };
    const vp8 = { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 };
    try {
      expect(await media('media:join', {})).toMatchObject({ ok: true });
      const created = await media('media:transport', { direction: 'send' });
      const transportId = (created as unknown as { transport: { id: string } }).transport.id;
      expect(await media('media:connect', { transportId, dtlsParameters })).toMatchObject({
        ok: true,
      });
      expect(await media('media:connect', { transportId, dtlsParameters })).toMatchObject({
        ok: false,
        error: { code: 'already_connected' },
      });
      const produce = (source: string, kind: string, codec: object, mid: string, ssrc: number) =>
        media('media:produce', {
          transportId,
          kind,
          appData: { source },
          rtpParameters: { mid, codecs: [codec], encodings: [{ ssrc }] },
        });
      expect(await produce('microphone', 'audio', opus, '0', 1111)).toMatchObject({ ok: true });
      expect(await produce('camera', 'video', vp8, '0', 2222)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: 'mid 0 is already sent on this transport' },
      });
      expect(await produce('camera', 'video', vp8, '1', 1111)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: 'ssrc 1111 is already sent on this transport' },
      });
      expect(await produce('camera', 'video', vp8, '1', 2222)).toMatchObject({ ok: true });
    } finally {
      chair.disconnect();
    }
  });
});
