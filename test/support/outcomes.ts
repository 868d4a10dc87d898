import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RecommendationView, VoteView } from '@app/contracts';
import { Person, boardWithPanel, completeCase } from './clinical';
import { TEST_PASSWORD, TestApp, bearer } from './test-app';

export type PanelBoard = Awaited<ReturnType<typeof boardWithPanel>> & { meetingId: string };

/**
 * A board with one member per role whose quorum is a single voting member, so the panelist
 * alone decides an asynchronous vote, and a meeting to put cases on.
 */
export async function recommendationBoard(t: TestApp, name: string): Promise<PanelBoard> {
  const board = await boardWithPanel(t, name);
  await request(t.http)
    .patch(`/api/v1/boards/${board.boardId}`)
    .set(bearer(board.coordinator.token))
    .send({ quorumPolicy: { requiredSpecialties: [], minVotingMembers: 1 } })
    .expect(200);
  const series = await request(t.http)
    .post(`/api/v1/boards/${board.boardId}/meetings`)
    .set(bearer(board.coordinator.token))
    .send({
      title: 'Weekly board',
      startLocal: `${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
      durationMinutes: 60,
    })
    .expect(201);
  return { ...board, meetingId: series.body.meetings[0].id };
}

/**
 * A case put on the board's meeting, decided by the panelist in an asynchronous vote, its
 * recommendation drafted and signed by the chair and published by the coordinator: all through
 * the API.
 */
export async function publishedRecommendation(
  t: TestApp,
  board: PanelBoard,
  patientRef: string,
): Promise<RecommendationView> {
  const drafted = await draftedRecommendation(t, board, patientRef);
  return signAndPublish(t, board, drafted.id);
}

/** A case put on the board's meeting, decided by the panelist; the chair drafts its recommendation. */
export async function draftedRecommendation(
  t: TestApp,
  board: PanelBoard,
  patientRef: string,
): Promise<RecommendationView> {
  const as = (who: Person) => bearer(who.token);
  const { chair, panelist } = board.members;
  const created = await request(t.http)
    .post(`/api/v1/boards/${board.boardId}/cases`)
    .set(as(chair))
    .send(completeCase(patientRef))
    .expect(201);
  await request(t.http)
    .post(`/api/v1/meetings/${board.meetingId}/agenda`)
    .set(as(board.coordinator))
    .send({
      caseId: created.body.id,
      minutesAllotted: 10,
      presenterId: chair.user.id,
      overrideReason: 'outcome follow-up test',
    })
    .expect(201);
  const opened = await request(t.http)
    .post(`/api/v1/cases/${created.body.id}/votes`)
    .set(as(chair))
    .send({
      question: 'Recommended treatment?',
      options: [
        {
          text: 'Lobectomy after neoadjuvant chemo-immunotherapy',
          intent: 'curative',
          modalities: ['surgery'],
        },
        { text: 'Definitive chemoradiotherapy', intent: 'curative', modalities: ['radiotherapy'] },
      ],
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
      panelUserIds: [panelist.user.id],
    })
    .expect(201);
  const vote: VoteView = opened.body;
  await request(t.http)
    .post(`/api/v1/votes/${vote.id}/ballots`)
    .set(as(panelist))
    .send({ choice: vote.options[0].id, submissionId: randomUUID() })
    .expect(200);
  const drafted = await request(t.http)
    .post(`/api/v1/votes/${vote.id}/recommendation`)
    .set(as(chair))
    .send({
      rationale: 'Resectable after downstaging.',
      guidelineReferences: [],
      trialReferrals: [],
    })
    .expect(201);
  return drafted.body;
}

/** Amends a published recommendation; the chair signs the new version, the coordinator publishes it. */
export async function republishedAmendment(
  t: TestApp,
  board: PanelBoard,
  id: string,
  reason: string,
): Promise<RecommendationView> {
  const amended = await request(t.http)
    .post(`/api/v1/recommendations/${id}/amend`)
    .set(bearer(board.members.chair.token))
    .send({ reason })
    .expect(201);
  return signAndPublish(t, board, amended.body.id);
}

/** The chair signs the version; the coordinator publishes it. */
export async function signAndPublish(
  t: TestApp,
  board: PanelBoard,
  id: string,
): Promise<RecommendationView> {
  await request(t.http)
    .post(`/api/v1/recommendations/${id}/sign`)
    .set(bearer(board.members.chair.token))
    .send({ password: TEST_PASSWORD })
    .expect(200);
  const published = await request(t.http)
    .post(`/api/v1/recommendations/${id}/publish`)
    .set(bearer(board.coordinator.token))
    .expect(200);
  return published.body;
}

/**
 * Moves a published recommendation version `days` days into the past, as if it had been
 * published then: the guard that keeps published versions immutable is bypassed for this one
 * transaction only.
 */
export async function backdatePublication(t: TestApp, id: string, days: number): Promise<void> {
  await t.dataSource.transaction(async (db) => {
    await db.query(`SET LOCAL session_replication_role = replica`);
    await db.query(
      `UPDATE recommendation SET created_at = created_at - make_interval(days => $2),
         signed_at = signed_at - make_interval(days => $2), published_at = published_at - make_interval(days => $2)
       WHERE id = $1 AND status = 'published'`,
      [id, days],
    );
  });
}
