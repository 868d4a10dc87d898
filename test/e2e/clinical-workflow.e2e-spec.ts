import request from 'supertest';
import ICAL from 'ical.js';
import { TestApp, bearer, startTestApp } from '../support/test-app';
import { Person, boardWithPanel, completeCase, recentDate } from '../support/clinical';

/** A date-time `days` ahead in Europe/Paris wall-clock form, at 07:30. */
function localDaysAhead(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T07:30`;
}

describe('a coordinator’s flow, from board creation to a full agenda', () => {
  let t: TestApp;
  let boardId: string;
  let coordinator: Person;
  let presenter: Person;
  let chair: Person;
  let meetingIds: string[];
  const caseIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    ({
      boardId,
      coordinator,
      members: { presenter, chair },
    } = await boardWithPanel(t));
  });

  afterAll(() => t.close());

  const api = () => request(t.http);

  it('sets policies on the board', async () => {
    const updated = await api()
      .patch(`/api/v1/boards/${boardId}`)
      .set(bearer(coordinator.token))
      .send({
        quorumPolicy: {
          requiredSpecialties: ['medical_oncology', 'pathology'],
          minVotingMembers: 3,
        },
        votingPolicy: {
          threshold: { kind: 'custom', percent: 75 },
          abstentionsCountTowardQuorum: false,
          blindUntilClose: true,
          chairCastingVote: true,
        },
      })
      .expect(200);
    expect(updated.body.votingPolicy.threshold).toEqual({ kind: 'custom', percent: 75 });
    expect(updated.body.myRole).toBe('coordinator');
    const members = await api()
      .get(`/api/v1/boards/${boardId}/members`)
      .set(bearer(chair.token))
      .expect(200);
    expect(members.body).toHaveLength(5);
    expect(members.body.find((m: { role: string }) => m.role === 'observer')).toMatchObject({
      votingRight: false,
      specialty: 'other',
    });
  });

  it('schedules a weekly meeting in the board’s timezone', async () => {
    const series = await api()
      .post(`/api/v1/boards/${boardId}/meetings`)
      .set(bearer(coordinator.token))
      .send({
        title: 'Weekly thoracic board',
        startLocal: localDaysAhead(3),
        durationMinutes: 30,
        rrule: 'FREQ=WEEKLY;COUNT=6',
      })
      .expect(201);
    expect(series.body.meetings).toHaveLength(6);
    expect(
      series.body.meetings.every((m: { localStart: string }) => m.localStart.endsWith('T07:30')),
    ).toBe(true);
    meetingIds = series.body.meetings.map((m: { id: string }) => m.id);
  });

  it('creates cases with structured staging, and refuses invalid clinical codes field by field', async () => {
    for (const ref of ['THX-001', 'THX-002', 'THX-003', 'THX-004']) {
      const created = await api()
        .post(`/api/v1/boards/${boardId}/cases`)
        .set(bearer(presenter.token))
        .send(completeCase(ref))
        .expect(201);
      expect(created.body).toMatchObject({
        status: 'draft',
        presenterId: presenter.user.id,
        mrn: `MRN-${ref}`,
      });
      caseIds.push(created.body.id);
    }
    const bad = await api()
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(presenter.token))
      .send({
        ...completeCase('THX-BAD'),
        diagnosis: { icd10: 'C3', icdO3Morphology: '8140/7' },
        staging: { edition: 6, clinical: { t: 'T9', n: 'N2', m: 'M0', stageGroup: 'V' } },
        ecog: 5,
      })
      .expect(400);
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'diagnosis.icd10',
        'diagnosis.icdO3Morphology',
        'staging.edition',
        'staging.clinical.t',
        'staging.clinical.stageGroup',
        'ecog',
      ]),
    );
    await api()
      .post(`/api/v1/boards/${boardId}/cases`)
      .set(bearer(presenter.token))
      .send(completeCase('THX-001'))
      .expect(409);
  });

  it('is refused when adding an unready case, then accepts a coordinator override with a reason', async () => {
    const refused = await api()
      .post(`/api/v1/meetings/${meetingIds[0]}/agenda`)
      .set(bearer(coordinator.token))
      .send({ caseId: caseIds[0], minutesAllotted: 10, presenterId: presenter.user.id })
      .expect(409);
    expect(refused.body.message).toContain('not ready');
    expect(refused.body.details.map((d: { message: string }) => d.message).join()).toMatch(
      /Pathology report/i,
    );

    const missing = await api()
      .get(`/api/v1/boards/${boardId}/missing-records`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(missing.body.map((m: { patientRef: string }) => m.patientRef)).toEqual(
      expect.arrayContaining(['THX-001', 'THX-002']),
    );

    const overridden = await api()
      .post(`/api/v1/meetings/${meetingIds[0]}/agenda`)
      .set(bearer(coordinator.token))
      .send({
        caseId: caseIds[0],
        minutesAllotted: 10,
        presenterId: presenter.user.id,
        overrideReason: 'Pathology verbally confirmed; report due tomorrow',
      })
      .expect(201);
    expect(overridden.body.items[0]).toMatchObject({
      caseId: caseIds[0],
      position: 1,
      overrideReason: expect.stringContaining('verbally'),
    });
    const audit = await t.auditLog(
      `SELECT details FROM audit_event WHERE action = 'agenda.case_added_with_override'`,
    );
    expect(audit[0].details).toMatchObject({
      caseId: caseIds[0],
      overrideReason: expect.any(String),
    });
  });

  it('lets a case join when its records make it ready', async () => {
    for (const caseId of caseIds.slice(1)) {
      await api()
        .post(`/api/v1/cases/${caseId}/records`)
        .set(bearer(presenter.token))
        .send({
          kind: 'pathology_report',
          title: 'Biopsy report',
          recordDate: recentDate(10),
          source: 'LIS',
        })
        .expect(201);
      await api()
        .post(`/api/v1/cases/${caseId}/records`)
        .set(bearer(presenter.token))
        .send({
          kind: 'radiology_report',
          title: 'CT report',
          recordDate: recentDate(20),
          source: 'RIS',
        })
        .expect(201);
      const ready = await api()
        .post(`/api/v1/cases/${caseId}/status`)
        .set(bearer(presenter.token))
        .send({ status: 'ready' })
        .expect(200);
      expect(ready.body.status).toBe('ready');
    }
    for (const caseId of caseIds.slice(1, 3)) {
      await api()
        .post(`/api/v1/meetings/${meetingIds[0]}/agenda`)
        .set(bearer(coordinator.token))
        .send({ caseId, minutesAllotted: 10, presenterId: presenter.user.id })
        .expect(201);
    }
  });

  it('respects the meeting’s time capacity', async () => {
    const full = await api()
      .post(`/api/v1/meetings/${meetingIds[0]}/agenda`)
      .set(bearer(coordinator.token))
      .send({ caseId: caseIds[3], minutesAllotted: 5, presenterId: presenter.user.id })
      .expect(409);
    expect(full.body.message).toMatch(/capacity|minutes/i);
  });

  it('reorders atomically and refuses an order that is not a permutation', async () => {
    const agenda = await api()
      .get(`/api/v1/meetings/${meetingIds[0]}/agenda`)
      .set(bearer(chair.token))
      .expect(200);
    const ids = agenda.body.items.map((item: { id: string }) => item.id);
    const reversed = [...ids].reverse();
    const reordered = await api()
      .put(`/api/v1/meetings/${meetingIds[0]}/agenda/order`)
      .set(bearer(coordinator.token))
      .send({ itemIds: reversed })
      .expect(200);
    expect(
      reordered.body.items.map((item: { id: string; position: number }) => [
        item.id,
        item.position,
      ]),
    ).toEqual(reversed.map((id: string, i: number) => [id, i + 1]));
    await api()
      .put(`/api/v1/meetings/${meetingIds[0]}/agenda/order`)
      .set(bearer(coordinator.token))
      .send({ itemIds: [ids[0], ids[0], ids[1]] })
      .expect(409);
    await api()
      .put(`/api/v1/meetings/${meetingIds[0]}/agenda/order`)
      .set(bearer(coordinator.token))
      .send({ itemIds: ids.slice(1) })
      .expect(409);
  });

  it('defers a case to the next occurrence, keeping the history', async () => {
    const agenda = await api()
      .get(`/api/v1/meetings/${meetingIds[0]}/agenda`)
      .set(bearer(coordinator.token))
      .expect(200);
    const item = agenda.body.items[0];
    const deferred = await api()
      .post(`/api/v1/agenda-items/${item.id}/defer`)
      .set(bearer(coordinator.token))
      .send({ reason: 'Awaiting PET-CT' })
      .expect(200);
    expect(deferred.body.from.deferred[0]).toMatchObject({
      id: item.id,
      status: 'deferred',
      position: null,
      deferralReason: 'Awaiting PET-CT',
    });
    expect(deferred.body.from.items.map((i: { position: number }) => i.position)).toEqual([1, 2]);
    expect(deferred.body.to.meetingId).toBe(meetingIds[1]);
    expect(deferred.body.to.items[0]).toMatchObject({
      caseId: item.caseId,
      deferredFromItemId: item.id,
      status: 'pending',
    });
    const detail = await api()
      .get(`/api/v1/cases/${item.caseId}`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(detail.body.status).toBe('scheduled');
  });

  it('names the allowed transitions when a status change is illegal', async () => {
    const response = await api()
      .post(`/api/v1/cases/${caseIds[1]}/status`)
      .set(bearer(coordinator.token))
      .send({ status: 'draft' })
      .expect(409);
    expect(response.body.message).toMatch(/scheduled/);
    expect(response.body.details.length).toBeGreaterThan(0);
  });

  it('records conflicts of interest on a case', async () => {
    await api()
      .post(`/api/v1/cases/${caseIds[1]}/conflicts`)
      .set(bearer(chair.token))
      .send({ reason: 'Treated this patient privately' })
      .expect(204);
    const detail = await api()
      .get(`/api/v1/cases/${caseIds[1]}`)
      .set(bearer(chair.token))
      .expect(200);
    expect(detail.body.conflicts).toEqual([
      expect.objectContaining({ userId: chair.user.id, reason: 'Treated this patient privately' }),
    ]);
    expect(detail.body).not.toHaveProperty('mrn');
  });

  it('moves and cancels single occurrences, and refuses illegal meeting transitions', async () => {
    const moved = await api()
      .patch(`/api/v1/meetings/${meetingIds[3]}`)
      .set(bearer(coordinator.token))
      .send({ startLocal: localDaysAhead(25) })
      .expect(200);
    expect(moved.body.movedFrom).not.toBeNull();
    const cancelled = await api()
      .post(`/api/v1/meetings/${meetingIds[4]}/cancel`)
      .set(bearer(coordinator.token))
      .send({ reason: 'Public holiday' })
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await api()
      .post(`/api/v1/meetings/${meetingIds[4]}/status`)
      .set(bearer(chair.token))
      .send({ status: 'live' })
      .expect(409);
    expect(again.body.message).toMatch(/cancelled/);
  });

  it('publishes calendar feeds a calendar app can read without logging in, until revoked', async () => {
    const feed = await api()
      .post(`/api/v1/boards/${boardId}/calendar-feeds`)
      .set(bearer(chair.token))
      .expect(201);
    const path = new URL(feed.body.url).pathname;
    const ics = await api().get(path).expect(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(ics.text));
    const events = calendar
      .getAllSubcomponents('vevent')
      .map((v: ICAL.Component) => new ICAL.Event(v));
    expect(events).toHaveLength(6);
    const first = events.find((e: ICAL.Event) => e.uid.startsWith(meetingIds[0]))!;
    expect(first.summary).toContain('Thoracic Oncology Board');
    expect(first.startDate.toJSDate().getTime()).toBeGreaterThan(Date.now());
    const cancelled = calendar
      .getAllSubcomponents('vevent')
      .find((v: ICAL.Component) =>
        String(v.getFirstPropertyValue('uid')).startsWith(meetingIds[4]),
      )!;
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(ics.text).not.toMatch(/THX-00|MRN-/);

    const mine = await api()
      .post('/api/v1/users/me/calendar-feeds')
      .set(bearer(presenter.token))
      .expect(201);
    await api().get(new URL(mine.body.url).pathname).expect(200);

    await api()
      .delete(`/api/v1/calendar-feeds/${feed.body.id}`)
      .set(bearer(coordinator.token))
      .expect(200);
    await api().get(path).expect(404);
    await api()
      .get(path.replace(/\.[^.]+\.ics$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics'))
      .expect(404);
  });
});
