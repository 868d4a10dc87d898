import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  Ack,
  PlatformRole,
  RecommendationView,
  Specialty,
  VoteAnnouncement,
  VoteView,
} from '@app/contracts';
import { person } from '../support/clinical';
import { waitFor } from '../support/collab';
import { LiveBoard, LiveClient, connectLive, emitLive, listen, liveBoard } from '../support/live';
import { pdfText, prepareFhirValidation, validateFhirResource } from '@app/testing';
import { verifySignature } from '@app/webhooks';
import { TEST_PASSWORD, TestApp, bearer, startTestApp } from '../support/test-app';

const OPTIONS = [
  {
    text: 'Neoadjuvant chemo-immunotherapy ×3, then lobectomy',
    intent: 'curative',
    modalities: ['systemic_therapy', 'surgery'],
    sequence: 'Surgery within 6 weeks of the last cycle',
  },
  {
    text: 'Definitive chemoradiotherapy',
    intent: 'curative',
    modalities: ['radiotherapy', 'systemic_therapy'],
  },
  { text: 'Enrol in the perioperative trial', intent: 'curative', modalities: ['clinical_trial'] },
];

describe('voting and the published recommendation', () => {
  let t: TestApp;
  let url: string;
  let live: LiveBoard;
  let admin: string;
  const sockets: Record<string, LiveClient> = {};
  const announcements: VoteAnnouncement[] = [];
  const progress: Array<{ ballotsReceived: number }> = [];
  const closedEvents: Array<{ voteId: string }> = [];
  let vote: VoteView;
  let recommendation: RecommendationView;
  let receiver: Server;
  const WEBHOOK_SECRET = 'referring-team-shared-secret-2026';
  const deliveries: Array<{
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }> = [];

  const as = (who: string) => bearer(live.people[who].token);
  const emitVote = (who: string, event: string, payload: unknown) =>
    sockets[who].timeout(10_000).emitWithAck(event, payload) as Promise<
      Ack<Record<string, unknown>>
    >;
  const option = (i: number) => vote.options[i].id;

  beforeAll(async () => {
    prepareFhirValidation();
    t = await startTestApp({ VOTE_DEADLINE_SWEEP_MS: '200', WEBHOOK_POLL_MS: '100' });
    url = await listen(t);
    live = await liveBoard(t, 'Voting Board');
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await request(t.http)
      .post(`/api/v1/boards/${live.boardId}/webhooks`)
      .set(as('coordinator'))
      .send({
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/tumor-board`,
        secret: WEBHOOK_SECRET,
      })
      .expect(201);
    admin = (await person(t, Specialty.Other, PlatformRole.Admin)).token;
    const [firstCase] = (
      await request(t.http).get(`/api/v1/meetings/${live.meetingId}/agenda`).set(as('chair'))
    ).body.items;
    await request(t.http)
      .post(`/api/v1/cases/${firstCase.caseId}/conflicts`)
      .set(as('surgeon'))
      .send({ reason: 'operated on this patient privately' })
      .expect(204);
    for (const who of [
      'chair',
      'pathologist',
      'radiologist',
      'surgeon',
      'observer',
      'coordinator',
    ]) {
      sockets[who] = await connectLive(url, live.people[who].token);
      const joined = await emitLive(sockets[who], 'meeting:join', { meetingId: live.meetingId });
      if (!joined.ok) throw new Error(joined.error.message);
    }
    sockets.observer.on('vote:opened', (a: VoteAnnouncement) => announcements.push(a));
    sockets.observer.on('vote:progress', (p: { ballotsReceived: number }) => progress.push(p));
    sockets.observer.on('vote:closed', (c: { voteId: string }) => closedEvents.push(c));
    const started = await emitLive(sockets.chair, 'meeting:command', {
      meetingId: live.meetingId,
      command: 'start',
    });
    if (!started.ok) throw new Error(started.error.message);
  }, 120_000);

  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket.disconnect();
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('opens a vote on the focused case for the chair only; eligible are the voting members present without a conflict', async () => {
    const payload = {
      meetingId: live.meetingId,
      question: 'Recommended treatment?',
      options: OPTIONS,
    };
    expect(await emitVote('pathologist', 'vote:open', payload)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await emitVote('chair', 'vote:open', {
        ...payload,
        options: [{ ...OPTIONS[0], intent: 'maybe' }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const opened = await emitVote('chair', 'vote:open', payload);
    expect(opened.ok).toBe(true);
    vote = (opened as unknown as { vote: VoteView }).vote;
    expect(vote.eligible.map((e) => e.userId).sort()).toEqual(
      ['chair', 'pathologist', 'radiologist'].map((who) => live.people[who].user.id).sort(),
    );
    expect(vote).toMatchObject({ status: 'open', blind: true, ballotsReceived: 0, results: null });
    await waitFor(() => announcements.length === 1);
    expect(announcements[0]).toMatchObject({ voteId: vote.id, eligibleCount: 3 });
    expect(await emitVote('chair', 'vote:open', payload)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('keeps ballots blind from everyone, chair included, over REST, sockets and the audit log', async () => {
    const cast = await emitVote('pathologist', 'vote:cast', {
      voteId: vote.id,
      choice: option(0),
      comment: 'resectable after downstaging',
      submissionId: randomUUID(),
    });
    expect(cast).toMatchObject({ ok: true, receipt: { ballotsReceived: 1, eligibleCount: 3 } });
    for (const who of ['chair', 'coordinator', 'observer', 'radiologist']) {
      const seen = await request(t.http).get(`/api/v1/votes/${vote.id}`).set(as(who)).expect(200);
      expect(seen.body).toMatchObject({ ballotsReceived: 1, results: null, myBallot: null });
      expect(JSON.stringify(seen.body)).not.toContain('resectable after downstaging');
    }
    const own = await request(t.http)
      .get(`/api/v1/votes/${vote.id}`)
      .set(as('pathologist'))
      .expect(200);
    expect(own.body.myBallot).toMatchObject({ optionId: option(0) });
    const listed = await request(t.http)
      .get(`/api/v1/cases/${vote.caseId}/votes`)
      .set(as('chair'))
      .expect(200);
    expect(listed.body[0].results).toBeNull();
    await waitFor(() => progress.length >= 1);
    expect(JSON.stringify(progress)).not.toContain(option(0));
    const audit = await request(t.http)
      .get('/api/v1/audit')
      .query({ action: 'vote.ballot_cast', targetId: vote.caseId })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].details).toEqual({
      voteId: vote.id,
      sequence: 1,
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await request(t.http).get(`/api/v1/votes/${vote.id}`).set(as('outsider')).expect(404);
  });

  it('counts duplicates and changed ballots exactly once, and closes when everyone has voted', async () => {
    const submission = randomUUID();
    const duplicates = await Promise.all([
      ...Array.from({ length: 4 }, () =>
        emitVote('radiologist', 'vote:cast', {
          voteId: vote.id,
          choice: option(1),
          submissionId: submission,
        }),
      ),
      ...Array.from({ length: 4 }, () =>
        request(t.http)
          .post(`/api/v1/votes/${vote.id}/ballots`)
          .set(as('radiologist'))
          .send({ choice: option(1), submissionId: submission })
          .then((r) => ({ ok: r.status === 200, receipt: r.body })),
      ),
    ]);
    expect(duplicates.every((d) => d.ok)).toBe(true);
    expect(
      duplicates.filter((d) => !(d as { receipt: { duplicate: boolean } }).receipt.duplicate),
    ).toHaveLength(1);
    const changed = await request(t.http)
      .post(`/api/v1/votes/${vote.id}/ballots`)
      .set(as('radiologist'))
      .send({ choice: option(0), submissionId: randomUUID() })
      .expect(200);
    expect(changed.body).toMatchObject({ ballotsReceived: 2, closed: false });
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/ballots`)
      .set(as('observer'))
      .send({ choice: option(0), submissionId: randomUUID() })
      .expect(403);
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/ballots`)
      .set(as('surgeon'))
      .send({ choice: option(0), submissionId: randomUUID() })
      .expect(403);

    const last = await request(t.http)
      .post(`/api/v1/votes/${vote.id}/ballots`)
      .set(as('chair'))
      .send({ choice: option(2), submissionId: randomUUID(), comment: 'trial first' })
      .expect(200);
    expect(last.body).toMatchObject({ ballotsReceived: 3, eligibleCount: 3, closed: true });
    await waitFor(() => closedEvents.length === 1);

    const result = await request(t.http)
      .get(`/api/v1/votes/${vote.id}`)
      .set(as('observer'))
      .expect(200);
    vote = result.body;
    expect(vote).toMatchObject({ status: 'closed', closeReason: 'all_voted' });
    expect(vote.results?.outcome).toEqual({
      kind: 'consensus',
      optionId: option(0),
      decidedBy: 'vote',
    });
    expect(vote.results?.tally.options.map((o) => o.votes)).toEqual([2, 0, 1]);
    expect(vote.results?.tally.bySpecialty).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          specialty: 'radiology',
          votes: expect.arrayContaining([{ optionId: option(0), votes: 1 }]),
        }),
      ]),
    );
    const radiologist = vote.results?.ballots.find(
      (b) => b.voterId === live.people.radiologist.user.id,
    );
    expect(radiologist).toMatchObject({ optionId: option(0), changes: 1 });
    const rows = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM ballot WHERE vote_id = $1`,
      [vote.id],
    );
    expect(rows[0].n).toBe(4);
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/ballots`)
      .set(as('pathologist'))
      .send({ choice: option(1), submissionId: randomUUID() })
      .expect(409);
  });

  it('lets only members who voted against the outcome record a minority opinion', async () => {
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/minority-opinions`)
      .set(as('pathologist'))
      .send({ text: 'I agree with the outcome' })
      .expect(403);
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/minority-opinions`)
      .set(as('chair'))
      .send({
        text: 'The perioperative trial offers the same surgery with a chance of better survival.',
      })
      .expect(201);
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/minority-opinions`)
      .set(as('chair'))
      .send({ text: 'again' })
      .expect(409);
  });

  it('drafts, signs (chair, password re-entered) and publishes (coordinator) the recommendation', async () => {
    const body = {
      rationale: 'Stage IIIA N2 disease, resectable after induction; PD-L1 60 %.',
      guidelineReferences: [{ citation: 'NCCN NSCLC v3.2026, NSCL-7', evidenceCategory: '1' }],
      trialReferrals: [{ nctId: 'NCT01234567', title: 'Perioperative immunotherapy trial' }],
    };
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/recommendation`)
      .set(as('pathologist'))
      .send(body)
      .expect(403);
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/recommendation`)
      .set(as('chair'))
      .send({ ...body, trialReferrals: [{ nctId: 'NCT123' }] })
      .expect(400);
    const drafted = await request(t.http)
      .post(`/api/v1/votes/${vote.id}/recommendation`)
      .set(as('chair'))
      .send(body)
      .expect(201);
    recommendation = drafted.body;
    expect(recommendation).toMatchObject({
      status: 'draft',
      version: 1,
      content: {
        recommendation: { text: OPTIONS[0].text, modalities: ['systemic_therapy', 'surgery'] },
      },
      decision: {
        decidedBy: 'vote',
        minorityOpinions: [expect.objectContaining({ userId: live.people.chair.user.id })],
      },
      notesSnapshot: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    await request(t.http)
      .get(`/api/v1/recommendations/${recommendation.id}/fhir`)
      .set(as('chair'))
      .expect(409);

    const id = recommendation.id;
    await request(t.http)
      .post(`/api/v1/recommendations/${id}/sign`)
      .set(as('coordinator'))
      .send({ password: TEST_PASSWORD })
      .expect(403);
    // A wrong password is a mistake in the form, not a lapsed session: 400 on the field, so a
    // client does not renew its token and send it again; audited once.
    const wrong = await request(t.http)
      .post(`/api/v1/recommendations/${id}/sign`)
      .set(as('chair'))
      .send({ password: 'wrong-password-123' })
      .expect(400);
    expect(wrong.body).toMatchObject({
      statusCode: 400,
      code: 'invalid_input',
      message: 'the password is not correct',
      details: [{ field: 'password', message: expect.stringContaining('not correct') }],
    });
    const failures = await request(t.http)
      .get('/api/v1/audit')
      .query({ action: 'user.reauthentication_failed', targetId: live.people.chair.user.id })
      .set(bearer(admin))
      .expect(200);
    expect(failures.body.items).toHaveLength(1);
    expect(failures.body.items[0]).toMatchObject({ actorId: live.people.chair.user.id });
    await request(t.http)
      .post(`/api/v1/recommendations/${id}/publish`)
      .set(as('coordinator'))
      .expect(409);
    const signed = await request(t.http)
      .post(`/api/v1/recommendations/${id}/sign`)
      .set(as('chair'))
      .send({ password: TEST_PASSWORD })
      .expect(200);
    expect(signed.body.signature).toMatchObject({
      signerId: live.people.chair.user.id,
      contentHash: recommendation.contentHash,
      value: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await request(t.http)
      .patch(`/api/v1/recommendations/${id}`)
      .set(as('chair'))
      .send(body)
      .expect(409);
    await request(t.http)
      .post(`/api/v1/recommendations/${id}/publish`)
      .set(as('chair'))
      .expect(403);
    const published = await request(t.http)
      .post(`/api/v1/recommendations/${id}/publish`)
      .set(as('coordinator'))
      .expect(200);
    recommendation = published.body;
    expect(recommendation).toMatchObject({
      status: 'published',
      publishedBy: live.people.coordinator.user.id,
    });
    const detail = await request(t.http)
      .get(`/api/v1/cases/${vote.caseId}`)
      .set(as('chair'))
      .expect(200);
    expect(detail.body.status).toBe('recommendation_published');

    await waitFor(() => deliveries.length === 1);
    const [delivery] = deliveries;
    expect(delivery.headers['x-tumorboard-event']).toBe('recommendation.published');
    const signature = String(delivery.headers['x-tumorboard-signature']);
    const received = { nowSeconds: Math.floor(Date.now() / 1000) };
    expect(verifySignature(WEBHOOK_SECRET, signature, delivery.body, received)).toBe(true);
    expect(verifySignature(WEBHOOK_SECRET, signature, `${delivery.body} `, received)).toBe(false);
    expect(JSON.parse(delivery.body)).toMatchObject({
      event: 'recommendation.published',
      data: { recommendationId: id, version: 1, contentHash: recommendation.contentHash },
    });
  });

  it('publishes a PDF report with the decision of record', async () => {
    const response = await request(t.http)
      .get(`/api/v1/recommendations/${recommendation.id}/pdf`)
      .set(as('observer'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('content-type', /application\/pdf/);
    const text = pdfText(response.body as Buffer).replace(/\s+/g, ' ');
    for (const expected of [
      'Voting Board',
      'General Hospital',
      'LV-1',
      'Pathology',
      'Radiology',
      'Medical oncology',
      OPTIONS[0].text,
      'Stage IIIA N2 disease',
      'NCCN NSCLC v3.2026',
      'NCT01234567',
      'perioperative trial offers the same surgery',
      recommendation.contentHash.slice(0, 16),
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/MRN/);
  });

  it('serves a FHIR R4 document bundle that validates, aligned with mCODE', async () => {
    const response = await request(t.http)
      .get(`/api/v1/recommendations/${recommendation.id}/fhir`)
      .set(as('pathologist'))
      .expect(200)
      .expect('content-type', /application\/fhir\+json/);
    const bundle = response.body as {
      resourceType: string;
      type: string;
      entry: Array<{ resource: { resourceType: string; intent?: string } }>;
    };
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'document' });
    for (const { resource } of bundle.entry) expect(validateFhirResource(resource)).toEqual([]);
    expect(bundle.entry[0].resource.resourceType).toBe('Composition');
    const types = bundle.entry.map((e) => e.resource.resourceType);
    expect(types).toEqual(
      expect.arrayContaining(['Patient', 'Condition', 'CarePlan', 'Provenance']),
    );
    expect(bundle.entry.find((e) => e.resource.resourceType === 'CarePlan')?.resource.intent).toBe(
      'proposal',
    );
  });

  it('keeps a published recommendation immutable; an amendment is a new linked version', async () => {
    const id = recommendation.id;
    await request(t.http)
      .patch(`/api/v1/recommendations/${id}`)
      .set(as('chair'))
      .send({ rationale: 'rewritten', guidelineReferences: [], trialReferrals: [] })
      .expect(409);
    await expect(
      t.dataSource.query(`UPDATE recommendation SET content = '{}' WHERE id = $1`, [id]),
    ).rejects.toThrow(/immutable/);
    await request(t.http)
      .post(`/api/v1/recommendations/${id}/amend`)
      .set(as('chair'))
      .send({})
      .expect(400);
    const amended = await request(t.http)
      .post(`/api/v1/recommendations/${id}/amend`)
      .set(as('chair'))
      .send({ reason: 'PD-L1 result corrected by pathology' })
      .expect(201);
    expect(amended.body).toMatchObject({
      version: 2,
      status: 'draft',
      previousVersionId: id,
      amendmentReason: 'PD-L1 result corrected by pathology',
    });
    await request(t.http)
      .patch(`/api/v1/recommendations/${amended.body.id}`)
      .set(as('chair'))
      .send({
        rationale: 'Stage IIIA N2, PD-L1 80 %.',
        guidelineReferences: [],
        trialReferrals: [],
      })
      .expect(200);
    await request(t.http)
      .post(`/api/v1/recommendations/${amended.body.id}/sign`)
      .set(as('chair'))
      .send({ password: TEST_PASSWORD })
      .expect(200);
    await request(t.http)
      .post(`/api/v1/recommendations/${amended.body.id}/publish`)
      .set(as('coordinator'))
      .expect(200);
    const original = await request(t.http)
      .get(`/api/v1/recommendations/${id}`)
      .set(as('chair'))
      .expect(200);
    expect(original.body).toMatchObject({
      status: 'published',
      contentHash: recommendation.contentHash,
      content: recommendation.content,
      supersededBy: amended.body.id,
    });
    await request(t.http)
      .post(`/api/v1/recommendations/${id}/amend`)
      .set(as('chair'))
      .send({ reason: 'again' })
      .expect(409);
    const chain = await request(t.http)
      .get(`/api/v1/cases/${vote.caseId}/recommendations`)
      .set(as('observer'))
      .expect(200);
    expect(chain.body.map((r: RecommendationView) => [r.version, r.status])).toEqual([
      [1, 'published'],
      [2, 'published'],
    ]);
  });

  it('runs an asynchronous panel vote over REST: a tie without casting vote is no consensus; a deadline closes the vote', async () => {
    const agenda = await request(t.http)
      .get(`/api/v1/meetings/${live.meetingId}/agenda`)
      .set(as('chair'));
    const caseId = agenda.body.items[1].caseId;
    const deadline = new Date(Date.now() + 60 * 60_000).toISOString();
    const panelUserIds = ['pathologist', 'radiologist', 'surgeon'].map(
      (who) => live.people[who].user.id,
    );
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/votes`)
      .set(as('chair'))
      .send({
        question: 'Q',
        options: OPTIONS,
        deadline: new Date(Date.now() + 60_000).toISOString(),
        panelUserIds,
      })
      .expect(400);
    await request(t.http)
      .post(`/api/v1/cases/${caseId}/votes`)
      .set(as('chair'))
      .send({ question: 'Q', options: OPTIONS, deadline, panelUserIds, extra: 1 })
      .expect(400);
    const opened = await request(t.http)
      .post(`/api/v1/cases/${caseId}/votes`)
      .set(as('chair'))
      .send({
        question: 'Second opinion panel',
        options: OPTIONS.slice(0, 2),
        deadline,
        panelUserIds,
      })
      .expect(201);
    const panelVote: VoteView = opened.body;
    expect(panelVote).toMatchObject({ mode: 'async', round: 1 });
    const castAs = (who: string, choice: string, voteId = panelVote.id) =>
      request(t.http)
        .post(`/api/v1/votes/${voteId}/ballots`)
        .set(as(who))
        .send({ choice, submissionId: randomUUID() });
    await castAs('pathologist', panelVote.options[0].id).expect(200);
    await castAs('radiologist', panelVote.options[1].id).expect(200);
    await castAs('chair', panelVote.options[0].id).expect(403);
    await request(t.http)
      .post(`/api/v1/votes/${panelVote.id}/close`)
      .set(as('pathologist'))
      .expect(403);
    const closed = await request(t.http)
      .post(`/api/v1/votes/${panelVote.id}/close`)
      .set(as('chair'))
      .expect(200);
    expect(closed.body.results.outcome).toEqual({
      kind: 'no_consensus',
      reason: 'tie',
      tiedOptionIds: [panelVote.options[0].id, panelVote.options[1].id],
    });
    await request(t.http)
      .post(`/api/v1/votes/${panelVote.id}/recommendation`)
      .set(as('chair'))
      .send({ rationale: 'x', guidelineReferences: [], trialReferrals: [] })
      .expect(409);
    const referral = {
      institution: 'Regional Cancer Centre',
      reason: 'Split panel: third opinion',
    };
    await request(t.http)
      .post(`/api/v1/votes/${panelVote.id}/external-opinion`)
      .set(as('coordinator'))
      .send(referral)
      .expect(403);
    await request(t.http)
      .post(`/api/v1/votes/${vote.id}/external-opinion`)
      .set(as('chair'))
      .send(referral)
      .expect(409);
    const referred = await request(t.http)
      .post(`/api/v1/votes/${panelVote.id}/external-opinion`)
      .set(as('chair'))
      .send(referral)
      .expect(200);
    expect(referred.body.externalReferral).toMatchObject({
      ...referral,
      referredBy: live.people.chair.user.id,
    });

    const round2 = await request(t.http)
      .post(`/api/v1/cases/${caseId}/votes`)
      .set(as('chair'))
      .send({ question: 'Round 2', options: OPTIONS.slice(0, 2), deadline, panelUserIds })
      .expect(201);
    expect(round2.body.round).toBe(2);
    await castAs('surgeon', round2.body.options[0].id, round2.body.id).expect(200);
    await t.dataSource.query(
      `UPDATE vote SET deadline = now() - interval '1 second' WHERE id = $1`,
      [round2.body.id],
    );
    await waitFor(async () => {
      const seen = await request(t.http).get(`/api/v1/votes/${round2.body.id}`).set(as('chair'));
      return seen.body.status === 'closed';
    });
    const after = await request(t.http)
      .get(`/api/v1/votes/${round2.body.id}`)
      .set(as('chair'))
      .expect(200);
    expect(after.body).toMatchObject({
      closeReason: 'deadline',
      results: { outcome: { kind: 'no_quorum' } },
    });
  });

  it('refuses malformed ballots and vote commands without harm', async () => {
    for (const body of [
      {},
      { choice: 'maybe', submissionId: randomUUID() },
      { choice: 'abstain' },
      { choice: 'abstain', submissionId: 'x' },
      { choice: 'abstain', submissionId: randomUUID(), extra: true },
    ]) {
      await request(t.http)
        .post(`/api/v1/votes/${vote.id}/ballots`)
        .set(as('chair'))
        .send(body)
        .expect(400);
    }
    for (const payload of [
      null,
      'x',
      {},
      { voteId: 'nope' },
      { voteId: vote.id, choice: 'abstain' },
    ]) {
      expect(await emitVote('chair', 'vote:cast', payload)).toMatchObject({ ok: false });
    }
    await request(t.http).get(`/api/v1/votes/${randomUUID()}`).set(as('chair')).expect(404);
    await request(t.http).get('/health').expect(200);
  });
});
