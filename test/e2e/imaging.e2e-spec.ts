import http from 'node:http';
import { AddressInfo, Server, Socket, createServer } from 'node:net';
import request from 'supertest';
import {
  AuditEventPage,
  BoardImagingSourceView,
  CaseRecordView,
  ImagingStudyMatch,
  PlatformRole,
  Specialty,
} from '@app/contracts';
import { findFreePort } from '@app/persistence';
import { Orthanc, SyntheticStudy, syntheticStudy } from '@app/testing';
import { Person, boardWithPanel, completeCase, person } from '../support/clinical';
import { TestApp, bearer, login, startTestApp } from '../support/test-app';

/**
 * The imaging proxy against a real PACS (Debian's Orthanc with its DICOMweb plugin, started by
 * the test), a PACS behind Basic authentication, a bearer-token stub, a PACS that never answers
 * and one that is not there.
 */
const STUB_TOKEN = 'stub-token-4f9a';
const FRAMES_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

describe('imaging over DICOMweb', () => {
  let t: TestApp;
  let orthanc: Orthanc;
  let secureOrthanc: Orthanc;
  let silent: Server;
  const silentSockets = new Set<Socket>();
  let stub: http.Server;
  const stubAuthorizations: string[] = [];
  let study: SyntheticStudy;
  let secureStudy: SyntheticStudy;
  let boardId: string;
  let coordinator: Person;
  let members: Awaited<ReturnType<typeof boardWithPanel>>['members'];
  let outsider: Person;
  let admin: Person;
  let caseId: string;

  const api = (path: string) => `/api/v1/imaging${path}`;
  const dicomWeb = (forCase: string, path: string) =>
    api(`/cases/${forCase}/dicom-web/studies/${study.studyInstanceUid}${path}`);
  const ct = () => study.series[0];

  async function newCase(ref: string): Promise<string> {
    const created = await request(t.http)
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(coordinator.token))
      .send({ ...completeCase(ref), presenterId: members.presenter.user.id })
      .expect(201);
    return created.body.id as string;
  }

  function link(forCase: string, sourceId: string, studyInstanceUid: string) {
    return request(t.http)
      .post(api(`/cases/${forCase}/studies`))
      .set(bearer(members.presenter.token))
      .send({ sourceId, studyInstanceUid });
  }

  beforeAll(async () => {
    study = syntheticStudy({ accessionNumber: 'ACC-E2E-1' });
    secureStudy = syntheticStudy({ ctSlices: 2, petSlices: 0, description: 'Secure CT' });
    [orthanc, secureOrthanc] = await Promise.all([
      Orthanc.start(),
      Orthanc.start({ users: { pacs: 's3cret-pacs' } }),
    ]);
    await orthanc.upload(study.files());
    await secureOrthanc.upload(secureStudy.files());

    // Reads what it is sent (so it sees the other end close) and never answers.
    silent = createServer((socket) => {
      socket.resume();
      silentSockets.add(socket);
      socket.on('close', () => silentSockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    stub = http.createServer((req, res) => {
      stubAuthorizations.push(req.headers.authorization ?? '');
      if (req.headers.authorization !== `Bearer ${STUB_TOKEN}`) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      res.end(
        JSON.stringify([
          {
            '0020000D': { vr: 'UI', Value: ['1.2.826.0.1.3680043.2.1143.1'] },
            '00081030': { vr: 'LO', Value: ['Stub MR'] },
            '00080061': { vr: 'CS', Value: ['MR'] },
            '00081190': { vr: 'UR', Value: ['http://stub.internal/studies/1'] },
          },
        ]),
      );
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const gonePort = await findFreePort();
    const silentPort = (silent.address() as AddressInfo).port;
    const stubPort = (stub.address() as AddressInfo).port;

    t = await startTestApp({
      DICOMWEB_SOURCES: 'pacs,secure,wrong-password,stub,silent,gone',
      DICOMWEB_PACS_NAME: 'Radiology PACS',
      DICOMWEB_PACS_URL: orthanc.dicomWebUrl,
      DICOMWEB_SECURE_NAME: 'Secure PACS',
      DICOMWEB_SECURE_URL: secureOrthanc.dicomWebUrl,
      DICOMWEB_SECURE_AUTH: 'basic',
      DICOMWEB_SECURE_USERNAME: 'pacs',
      DICOMWEB_SECURE_PASSWORD: 's3cret-pacs',
      DICOMWEB_WRONG_PASSWORD_NAME: 'Secure PACS, wrong password',
      DICOMWEB_WRONG_PASSWORD_URL: secureOrthanc.dicomWebUrl,
      DICOMWEB_WRONG_PASSWORD_AUTH: 'basic',
      DICOMWEB_WRONG_PASSWORD_USERNAME: 'pacs',
      DICOMWEB_WRONG_PASSWORD_PASSWORD: 'not-it',
      DICOMWEB_STUB_NAME: 'Token archive',
      DICOMWEB_STUB_URL: `http://127.0.0.1:${stubPort}/wado`,
      DICOMWEB_STUB_AUTH: 'bearer',
      DICOMWEB_STUB_TOKEN: STUB_TOKEN,
      DICOMWEB_SILENT_NAME: 'Silent PACS',
      DICOMWEB_SILENT_URL: `http://127.0.0.1:${silentPort}/dicom-web`,
      DICOMWEB_SILENT_TIMEOUT_MS: '500',
      DICOMWEB_GONE_NAME: 'Gone PACS',
      DICOMWEB_GONE_URL: `http://127.0.0.1:${gonePort}/dicom-web`,
    });
    ({ boardId, coordinator, members } = await boardWithPanel(t, 'Imaging Board'));
    outsider = await person(t, Specialty.Radiology);
    admin = await person(t, Specialty.Other, PlatformRole.Admin);
    caseId = await newCase('IMG-1');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    for (const socket of silentSockets) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
    await new Promise((resolve) => stub?.close(resolve));
    await Promise.all([orthanc?.stop(), secureOrthanc?.stop()]);
  });

  it('lists the sources by id and name, never their address or credentials', async () => {
    const response = await request(t.http)
      .get(api('/sources'))
      .set(bearer(members.observer.token))
      .expect(200);
    expect(response.body[0]).toEqual({ id: 'pacs', name: 'Radiology PACS', isDefault: true });
    expect(response.body.map((source: { id: string }) => source.id)).toEqual([
      'pacs',
      'secure',
      'wrong-password',
      'stub',
      'silent',
      'gone',
    ]);
    expect(response.text).not.toMatch(/127\.0\.0\.1|s3cret|not-it|stub-token|http/);
  });

  describe('searching a PACS for a case', () => {
    const search = (token: string, query: Record<string, string>, forCase = caseId) =>
      request(t.http)
        .get(api(`/cases/${forCase}/study-search`))
        .query(query)
        .set(bearer(token));

    it("is for the case's presenter, the chair, coordinators and admins", async () => {
      for (const who of [members.presenter, members.chair, coordinator, admin]) {
        const found = await search(who.token, { patientId: study.patientId }).expect(200);
        expect(found.body as ImagingStudyMatch[]).toEqual([
          {
            sourceId: 'pacs',
            studyInstanceUid: study.studyInstanceUid,
            studyDate: study.studyDate,
            description: study.description,
            modalities: ['CT', 'PT'],
            accessionNumber: 'ACC-E2E-1',
            patientId: study.patientId,
            seriesCount: 2,
            instanceCount: 80,
          },
        ]);
      }
      await search(members.panelist.token, { patientId: study.patientId }).expect(403);
      await search(members.observer.token, { patientId: study.patientId }).expect(403);
      await search(outsider.token, { patientId: study.patientId }).expect(404);
    });

    it('searches by accession number, date range and modality', async () => {
      const byAccession = await search(members.presenter.token, {
        accessionNumber: 'ACC-E2E-1',
        studyDateFrom: '2026-01-01',
        studyDateTo: '2026-01-31',
        modality: 'CT',
      }).expect(200);
      expect(byAccession.body).toHaveLength(1);
      const otherYear = await search(members.presenter.token, {
        patientId: study.patientId,
        studyDateFrom: '2025-01-01',
        studyDateTo: '2025-12-31',
      }).expect(200);
      expect(otherYear.body).toEqual([]);
    });

    it.each([
      ['no criterion', { modality: 'CT' }],
      ['a bad modality', { patientId: 'SYN', modality: 'ct' }],
      ['an oversized patient id', { patientId: 'P'.repeat(65) }],
      ['a bad date', { studyDateFrom: '2026-13-01' }],
      ['a backwards range', { studyDateFrom: '2026-02-01', studyDateTo: '2026-01-01' }],
      ['an unknown parameter', { patientId: 'SYN', PatientName: 'Doe' }],
      ['a limit above 100', { patientId: 'SYN', limit: '1000' }],
      ['an unknown source', { patientId: 'SYN', sourceId: 'elsewhere' }],
      ['a query injection', { patientId: 'SYN&AccessionNumber=1' }],
    ])('refuses %s with 400', async (_case, query) => {
      const response = await search(members.presenter.token, query).expect(400);
      expect(response.body.code).toBe('invalid_input');
    });

    it('sends the bearer token of a source, and takes the upstream URLs out', async () => {
      const found = await search(members.presenter.token, {
        sourceId: 'stub',
        patientId: 'X',
      }).expect(200);
      expect(found.body).toEqual([
        expect.objectContaining({ sourceId: 'stub', description: 'Stub MR', modalities: ['MR'] }),
      ]);
      expect(found.text).not.toContain('stub.internal');
      expect(stubAuthorizations.at(-1)).toBe(`Bearer ${STUB_TOKEN}`);
    });

    it('uses Basic authentication, and says so when the PACS refuses it (502)', async () => {
      const found = await search(members.presenter.token, {
        sourceId: 'secure',
        patientId: secureStudy.patientId,
      }).expect(200);
      expect(found.body[0].studyInstanceUid).toBe(secureStudy.studyInstanceUid);
      const refused = await search(members.presenter.token, {
        sourceId: 'wrong-password',
        patientId: secureStudy.patientId,
      }).expect(502);
      expect(refused.body).toMatchObject({ code: 'pacs_unavailable' });
      expect(refused.body.message).toContain('credentials');
    });

    it('answers 504 for a PACS that never answers and 502 for one that is not there', async () => {
      const started = Date.now();
      const slow = await search(members.presenter.token, {
        sourceId: 'silent',
        patientId: 'X',
      }).expect(504);
      expect(slow.body.code).toBe('pacs_timeout');
      expect(Date.now() - started).toBeLessThan(10_000);
      const gone = await search(members.presenter.token, {
        sourceId: 'gone',
        patientId: 'X',
      }).expect(502);
      expect(gone.body).toMatchObject({ code: 'pacs_unavailable' });
      expect(gone.body.message).toContain('could not be reached');
    });
  });

  describe("a board's imaging source", () => {
    const RADIOLOGY = { id: 'pacs', name: 'Radiology PACS', isDefault: true };
    const ARCHIVE = { id: 'stub', name: 'Token archive', isDefault: false };
    let archiveBoard: Awaited<ReturnType<typeof boardWithPanel>>;
    let archiveCase: string;
    const sourcePath = () => api(`/boards/${archiveBoard.boardId}/source`);
    const read = (token: string) => request(t.http).get(sourcePath()).set(bearer(token));
    const choose = (token: string, body: unknown) =>
      request(t.http)
        .put(sourcePath())
        .set(bearer(token))
        .send(body as object);
    const searchArchiveCase = (query: Record<string, string>) =>
      request(t.http)
        .get(api(`/cases/${archiveCase}/study-search`))
        .query(query)
        .set(bearer(archiveBoard.members.presenter.token));

    beforeAll(async () => {
      archiveBoard = await boardWithPanel(t, 'Archive Board');
      const created = await request(t.http)
        .post(`/api/v1/boards/${archiveBoard.boardId}/cases`)
        .set(bearer(archiveBoard.coordinator.token))
        .send({
          ...completeCase('IMG-ARCHIVE'),
          presenterId: archiveBoard.members.presenter.user.id,
        })
        .expect(201);
      archiveCase = created.body.id as string;
    });

    it('is the default source until the board chooses, for every member; outsiders get 404', async () => {
      for (const who of [...Object.values(archiveBoard.members), archiveBoard.coordinator, admin]) {
        const answer = await read(who.token).expect(200);
        expect(answer.body as BoardImagingSourceView).toEqual({
          boardId: archiveBoard.boardId,
          sourceId: null,
          configured: true,
          source: RADIOLOGY,
        });
      }
      const refused = await read(outsider.token).expect(404);
      expect(refused.body.code).toBe('not_found');
      // A member of another board is an outsider here.
      await read(members.panelist.token).expect(404);
    });

    it('is chosen by coordinators and admins only', async () => {
      for (const role of ['chair', 'presenter', 'panelist', 'observer'] as const) {
        const refused = await choose(archiveBoard.members[role].token, { sourceId: 'stub' }).expect(
          403,
        );
        expect(refused.body.code).toBe('forbidden');
      }
      await choose(outsider.token, { sourceId: 'stub' }).expect(404);
      const chosen = await choose(archiveBoard.coordinator.token, { sourceId: 'stub' }).expect(200);
      expect(chosen.body as BoardImagingSourceView).toEqual({
        boardId: archiveBoard.boardId,
        sourceId: 'stub',
        configured: true,
        source: ARCHIVE,
      });
      expect((await read(archiveBoard.members.observer.token).expect(200)).body.source).toEqual(
        ARCHIVE,
      );
      await choose(admin.token, { sourceId: null }).expect(200);
      expect((await read(archiveBoard.members.observer.token).expect(200)).body).toMatchObject({
        sourceId: null,
        source: RADIOLOGY,
      });
      await choose(admin.token, { sourceId: 'stub' }).expect(200);
    });

    it('audits each change, and not a choice that changes nothing', async () => {
      await choose(archiveBoard.coordinator.token, { sourceId: 'stub' }).expect(200);
      const page = await request(t.http)
        .get('/api/v1/audit')
        .query({ action: 'board.imaging_source_changed' })
        .set(bearer(admin.token))
        .expect(200);
      const changes = (page.body as AuditEventPage).items.filter(
        (item) => item.targetId === archiveBoard.boardId,
      );
      expect(changes.map((item) => [item.actorId, item.details])).toEqual(
        expect.arrayContaining([
          [archiveBoard.coordinator.user.id, { from: null, to: 'stub' }],
          [admin.user.id, { from: 'stub', to: null }],
          [admin.user.id, { from: null, to: 'stub' }],
        ]),
      );
      expect(changes).toHaveLength(3);
      expect(changes.every((item) => item.targetType === 'board')).toBe(true);
    });

    it('refuses an unknown source, naming the configured ones', async () => {
      const refused = await choose(archiveBoard.coordinator.token, {
        sourceId: 'elsewhere',
      }).expect(400);
      expect(refused.body.code).toBe('invalid_input');
      expect(JSON.stringify(refused.body)).toContain(
        'sourceId must be one of: pacs, secure, wrong-password, stub, silent, gone',
      );
    });

    it.each([
      ['no sourceId', {}],
      ['a source id that is not one', { sourceId: 'Radiology PACS' }],
      ['a number', { sourceId: 7 }],
      ['an unknown field', { sourceId: 'pacs', default: true }],
    ])('refuses a body with %s (400)', async (_case, body) => {
      const refused = await choose(archiveBoard.coordinator.token, body).expect(400);
      expect(refused.body.code).toBe('invalid_input');
    });

    it("searches the board's source when the search names none, and links from it", async () => {
      await choose(archiveBoard.coordinator.token, { sourceId: 'stub' }).expect(200);
      const onBoardSource = await searchArchiveCase({ patientId: 'X' }).expect(200);
      expect(onBoardSource.body).toEqual([
        expect.objectContaining({ sourceId: 'stub', description: 'Stub MR' }),
      ]);
      expect(stubAuthorizations.at(-1)).toBe(`Bearer ${STUB_TOKEN}`);
      const named = await searchArchiveCase({
        sourceId: 'pacs',
        patientId: study.patientId,
      }).expect(200);
      expect(named.body).toEqual([expect.objectContaining({ sourceId: 'pacs' })]);
      // The main board chose nothing: its searches still go to the default source.
      const elsewhere = await request(t.http)
        .get(api(`/cases/${caseId}/study-search`))
        .query({ patientId: study.patientId })
        .set(bearer(members.presenter.token))
        .expect(200);
      expect(elsewhere.body).toEqual([expect.objectContaining({ sourceId: 'pacs' })]);

      const found = onBoardSource.body[0] as ImagingStudyMatch;
      const linked = await request(t.http)
        .post(api(`/cases/${archiveCase}/studies`))
        .set(bearer(archiveBoard.members.presenter.token))
        .send({ sourceId: found.sourceId, studyInstanceUid: found.studyInstanceUid })
        .expect(201);
      expect(linked.body as CaseRecordView).toMatchObject({
        source: 'Token archive',
        dicom: { sourceId: 'stub', studyInstanceUid: found.studyInstanceUid },
      });
    });

    it('falls back to the default source when the chosen one is no longer configured', async () => {
      await t.dataSource.query(
        `UPDATE board_imaging_source SET source_id = 'retired' WHERE board_id = $1`,
        [archiveBoard.boardId],
      );
      expect((await read(archiveBoard.members.panelist.token).expect(200)).body).toEqual({
        boardId: archiveBoard.boardId,
        sourceId: 'retired',
        configured: false,
        source: RADIOLOGY,
      });
      const found = await searchArchiveCase({ patientId: study.patientId }).expect(200);
      expect(found.body).toEqual([
        expect.objectContaining({ sourceId: 'pacs', studyInstanceUid: study.studyInstanceUid }),
      ]);
      await choose(archiveBoard.coordinator.token, { sourceId: null }).expect(200);
    });
  });

  describe('linking a study to a case', () => {
    it("is for the case's presenter and coordinators; the record holds what the PACS says", async () => {
      for (const who of [members.panelist, members.observer, members.chair]) {
        await request(t.http)
          .post(api(`/cases/${caseId}/studies`))
          .set(bearer(who.token))
          .send({ sourceId: 'pacs', studyInstanceUid: study.studyInstanceUid })
          .expect(403);
      }
      await request(t.http)
        .post(api(`/cases/${caseId}/studies`))
        .set(bearer(outsider.token))
        .send({ sourceId: 'pacs', studyInstanceUid: study.studyInstanceUid })
        .expect(404);
      const linked = await link(caseId, 'pacs', study.studyInstanceUid).expect(201);
      expect(linked.body as CaseRecordView).toMatchObject({
        caseId,
        kind: 'imaging_study',
        title: study.description,
        recordDate: study.studyDate,
        source: 'Radiology PACS',
        dicom: {
          studyInstanceUid: study.studyInstanceUid,
          modality: 'CT',
          sourceId: 'pacs',
          modalities: ['CT', 'PT'],
          description: study.description,
          studyDate: study.studyDate,
          accessionNumber: 'ACC-E2E-1',
          seriesCount: 2,
          instanceCount: 80,
        },
      });
      const detail = await request(t.http)
        .get(`/api/v1/cases/${caseId}`)
        .set(bearer(members.panelist.token))
        .expect(200);
      expect(detail.body.records.map((record: CaseRecordView) => record.id)).toContain(
        linked.body.id,
      );
      await link(caseId, 'pacs', study.studyInstanceUid).expect(409);
    });

    it('refuses a study the PACS does not have, a bad UID and an unknown source', async () => {
      const missing = await link(caseId, 'pacs', '1.2.3.4.5.6').expect(404);
      expect(missing.body.message).toContain('1.2.3.4.5.6');
      await link(caseId, 'pacs', '1.2.x').expect(400);
      await link(caseId, 'pacs', `1.${'2'.repeat(63)}`).expect(400);
      await link(caseId, 'elsewhere', study.studyInstanceUid).expect(400);
      await request(t.http)
        .post(api(`/cases/${caseId}/studies`))
        .set(bearer(members.presenter.token))
        .send({ sourceId: 'pacs', studyInstanceUid: study.studyInstanceUid, modality: 'CT' })
        .expect(400);
    });

    it('links from a PACS behind Basic authentication', async () => {
      const secureCase = await newCase('IMG-SECURE');
      await link(secureCase, 'secure', secureStudy.studyInstanceUid).expect(201);
      const metadata = await request(t.http)
        .get(
          api(
            `/cases/${secureCase}/dicom-web/studies/${secureStudy.studyInstanceUid}/series/${secureStudy.series[0].seriesInstanceUid}/metadata`,
          ),
        )
        .set(bearer(members.panelist.token))
        .expect(200);
      expect(metadata.body).toHaveLength(2);
    });
  });

  describe('reading a linked study through the proxy', () => {
    const get = (token: string, path: string, accept?: string) => {
      const call = request(t.http).get(dicomWeb(caseId, path)).set(bearer(token));
      return accept ? call.set('accept', accept) : call;
    };
    const framesPath = () =>
      `/series/${ct().seriesInstanceUid}/instances/${ct().instances[10].sopInstanceUid}/frames/1`;

    it('lets every member and admins read, and tells outsiders it does not exist', async () => {
      const paths = [
        '/series',
        '/metadata',
        `/series/${ct().seriesInstanceUid}/metadata`,
        framesPath(),
      ];
      for (const who of [
        members.presenter,
        members.panelist,
        members.observer,
        coordinator,
        admin,
      ]) {
        for (const path of paths) await get(who.token, path).expect(200);
      }
      for (const path of paths) {
        const refused = await get(outsider.token, path).expect(404);
        expect(refused.body.code).toBe('not_found');
      }
    });

    it('answers metadata as DICOM JSON without the PACS URLs', async () => {
      const series = await get(members.panelist.token, '/series').expect(200);
      expect(series.headers['content-type']).toMatch(/^application\/dicom\+json/);
      expect(series.body).toHaveLength(2);
      const metadata = await get(
        members.panelist.token,
        `/series/${ct().seriesInstanceUid}/metadata`,
      ).expect(200);
      expect(metadata.headers['cache-control']).toBe('no-store');
      expect(metadata.body).toHaveLength(64);
      expect(metadata.text).not.toContain('00081190');
      expect(metadata.text).not.toContain('BulkDataURI');
      expect(metadata.text).not.toContain(new URL(orthanc.url).host);
      const direct = await fetch(
        `${orthanc.dicomWebUrl}/studies/${study.studyInstanceUid}/series/${ct().seriesInstanceUid}/metadata`,
      );
      expect(await direct.text()).toContain('BulkDataURI');
    });

    it('streams frames exactly as Orthanc sends them', async () => {
      const viaProxy = await get(members.observer.token, framesPath(), FRAMES_ACCEPT)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const direct = await fetch(
        `${orthanc.dicomWebUrl}/studies/${study.studyInstanceUid}${framesPath()}`,
        { headers: { accept: FRAMES_ACCEPT, 'accept-encoding': 'identity' } },
      );
      const directBody = Buffer.from(await direct.arrayBuffer());
      const boundary = (type: string) => /boundary=([^;]+)/.exec(type)![1].replace(/"/g, '');
      const proxyType = viaProxy.headers['content-type'] as string;
      const directType = direct.headers.get('content-type')!;
      expect(proxyType.replace(boundary(proxyType), 'B')).toBe(
        directType.replace(boundary(directType), 'B'),
      );
      const normalised = (body: Buffer, type: string) =>
        body.toString('latin1').split(boundary(type)).join('B');
      const proxyBody = viaProxy.body as Buffer;
      expect(proxyBody.length).toBe(directBody.length);
      expect(normalised(proxyBody, proxyType)).toBe(normalised(directBody, directType));
      expect(proxyBody.includes(ct().instances[10].pixels)).toBe(true);
    });

    it('renders an instance and a series thumbnail', async () => {
      const png = await get(
        members.panelist.token,
        `/series/${ct().seriesInstanceUid}/instances/${ct().instances[0].sopInstanceUid}/rendered?window=40,400`,
        'image/png',
      ).expect(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
      const thumbnail = await get(
        members.panelist.token,
        `/series/${ct().seriesInstanceUid}/rendered?viewport=64,64`,
      ).expect(200);
      expect(thumbnail.headers['content-type']).toBe('image/jpeg');
    });

    it.each([
      ['a bad study UID', (path: string) => path.replace(/studies\/[^/]+/, 'studies/1.2.x')],
      [
        'a UID of 65 characters',
        (path: string) => path.replace(/studies\/[^/]+/, `studies/1.${'2'.repeat(63)}`),
      ],
      ['frame 0', (path: string) => path.replace(/frames\/1$/, 'frames/0')],
      ['a bad window', (path: string) => path.replace(/frames\/1$/, 'rendered?window=abc')],
      [
        'an unknown rendering parameter',
        (path: string) => path.replace(/frames\/1$/, 'rendered?annotation=patient'),
      ],
    ])('refuses %s with 400', async (_case, change) => {
      await request(t.http)
        .get(change(dicomWeb(caseId, framesPath())))
        .set(bearer(members.panelist.token))
        .expect(400);
    });

    it('refuses an Accept the resource is never served as, and a study the case does not reference', async () => {
      await get(members.panelist.token, framesPath(), 'application/octet-stream').expect(400);
      await request(t.http)
        .get(api(`/cases/${caseId}/dicom-web/studies/${secureStudy.studyInstanceUid}/metadata`))
        .set(bearer(members.panelist.token))
        .expect(404);
      await get(members.panelist.token, `/series/1.2.3/metadata`).expect(404);
    });

    it('audits each study opened once per user and session, however many frames follow', async () => {
      const reader = await person(t, Specialty.Pathology);
      await request(t.http)
        .post(`/api/v1/boards/${boardId}/members`)
        .set(bearer(coordinator.token))
        .send({ userId: reader.user.id, role: 'panelist' })
        .expect(201);
      await get(reader.token, '/metadata').expect(200);
      await Promise.all(
        ct()
          .instances.slice(0, 16)
          .map((instance) =>
            get(
              reader.token,
              `/series/${ct().seriesInstanceUid}/instances/${instance.sopInstanceUid}/frames/1`,
            ).expect(200),
          ),
      );
      const entries = async () => {
        const page = await request(t.http)
          .get('/api/v1/audit')
          .query({ action: 'imaging_study.opened', actorId: reader.user.id })
          .set(bearer(admin.token))
          .expect(200);
        return (page.body as AuditEventPage).items;
      };
      const first = await entries();
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({
        targetType: 'imaging_study',
        targetId: study.studyInstanceUid,
        details: { caseId, sourceId: 'pacs', modality: 'CT' },
      });
      const secondSession = (await login(t, reader.user.email)).accessToken;
      await get(secondSession, framesPath()).expect(200);
      await get(secondSession, framesPath()).expect(200);
      expect(await entries()).toHaveLength(2);
    });

    it('stops serving frames the moment the session ends, though its check is remembered', async () => {
      const session = await login(t, members.panelist.user.email);
      await get(session.accessToken, framesPath()).expect(200);
      await request(t.http).post('/api/v1/auth/logout').set(bearer(session)).expect(200);
      const refused = await get(session.accessToken, framesPath()).expect(401);
      expect(refused.body.code).toBe('unauthenticated');
    });
  });

  describe('a PACS that fails while a study is read', () => {
    async function caseOnSource(ref: string, sourceId: string): Promise<string> {
      const id = await newCase(ref);
      await link(id, 'pacs', study.studyInstanceUid).expect(201);
      await t.dataSource.query(
        `UPDATE case_record SET dicom = jsonb_set(dicom, '{sourceId}', to_jsonb($2::text)) WHERE case_id = $1`,
        [id, sourceId],
      );
      return id;
    }

    it('answers 504 when the PACS is silent and 502 when it is not there', async () => {
      const silentCase = await caseOnSource('IMG-SILENT', 'silent');
      const goneCase = await caseOnSource('IMG-GONE', 'gone');
      const slow = await request(t.http)
        .get(dicomWeb(silentCase, '/metadata'))
        .set(bearer(members.panelist.token))
        .expect(504);
      expect(slow.body).toMatchObject({ code: 'pacs_timeout' });
      const gone = await request(t.http)
        .get(
          dicomWeb(
            goneCase,
            `/series/${ct().seriesInstanceUid}/instances/${ct().instances[0].sopInstanceUid}/frames/1`,
          ),
        )
        .set(bearer(members.panelist.token))
        .expect(502);
      expect(gone.body).toMatchObject({ code: 'pacs_unavailable' });
    });

    it('stops the request to the PACS when the client goes away', async () => {
      const silentCase = await caseOnSource('IMG-ABORT', 'silent');
      const server = t.app.getHttpServer() as http.Server;
      if (!server.listening)
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const before = silentSockets.size;
      const client = http.get({
        host: '127.0.0.1',
        port,
        path: dicomWeb(silentCase, `/series/${ct().seriesInstanceUid}/metadata`),
        headers: bearer(members.panelist.token),
      });
      client.on('error', () => undefined);
      const deadline = Date.now() + 5_000;
      while (silentSockets.size === before && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(silentSockets.size).toBe(before + 1);
      client.destroy();
      const closedBy = Date.now() + 400;
      while (silentSockets.size > before && Date.now() < closedBy)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(silentSockets.size).toBe(before);
      server.close();
    });
  });
});
