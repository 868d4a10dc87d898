import { randomUUID } from 'node:crypto';
import { ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuthenticatedUser } from '@app/auth';
import { AgendaService, RecordKind } from '@app/cases';
import { PlatformRole, ProposedRecommendation } from '@app/contracts';
import {
  RecordsCollectionService,
  SecondOpinionRequestsService,
  UploadLinksService,
} from '@app/second-opinions';
import { TestClock } from '@app/testing';
import { VoteViewsService, VotesService } from '@app/voting';
import { WebhookDispatcher, WebhookService, verifySignature } from '@app/webhooks';
import { LiveBoard, liveBoard } from '../support/live';
import { TestApp, startTestApp } from '../support/test-app';
import { minimalPdf } from '../support/documents';

const DAY_MS = 86_400_000;
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

/**
 * Time through the Clock: the application's time rules and the times it stores follow its Clock,
 * not the system time nor the database's, so a rule can be checked at any instant. Here the
 * Clock is set years ahead of the real time (2031) while the database's own time is today's.
 */
describe('time rules and stored times at the Clock’s instant (real PostgreSQL)', () => {
  const clock = new TestClock();
  let t: TestApp;
  let board: LiveBoard;
  const asUser = (who: string): AuthenticatedUser => ({
    id: board.people[who].user.id,
    sessionId: 'test',
    role: PlatformRole.User,
  });

  beforeAll(async () => {
    t = await startTestApp(
      { VOTE_DEADLINE_SWEEP_MS: '100', WEBHOOK_POLL_MS: '60000', WEBHOOK_RETRY_BASE_MS: '60000' },
      { clock },
    );
    // Set up at the real time (the meeting is two days ahead of it); each test then sets the Clock.
    board = await liveBoard(t, 'Clock Board');
  });

  afterAll(() => t.close());

  it('closes a vote at its deadline on the Clock, years after the real time, and stamps it then', async () => {
    const [, caseId] = (
      await t.app.get(AgendaService).agenda(asUser('coordinator'), board.meetingId)
    ).items.map((item) => item.caseId);
    const votes = t.app.get(VotesService);
    const views = t.app.get(VoteViewsService);
    const options: ProposedRecommendation[] = [
      { text: 'Lobectomy', intent: 'curative', modalities: ['surgery'], sequence: null },
      {
        text: 'Chemoradiation',
        intent: 'curative',
        modalities: ['systemic_therapy', 'radiotherapy'],
        sequence: null,
      },
    ];
    const OPENED = '2031-03-03T09:00:00.000Z';
    const DEADLINE = '2031-03-03T10:00:00.000Z';

    clock.set(OPENED);
    const vote = await votes.openAsync(asUser('chair'), {
      caseId,
      question: 'Which treatment?',
      options,
      deadline: new Date(DEADLINE),
      panelUserIds: ['chair', 'pathologist', 'radiologist'].map((who) => asUser(who).id),
    });
    expect(vote).toMatchObject({ status: 'open', openedAt: OPENED, deadline: DEADLINE });

    clock.set(at(OPENED, 10 * 60_000));
    await votes.cast(asUser('pathologist'), vote.id, {
      optionId: vote.options[0].id,
      comment: null,
      submissionId: randomUUID(),
    });

    // A minute before the deadline on the Clock, sweep after sweep leaves the vote open.
    clock.set(at(DEADLINE, -60_000));
    await sleep(400);
    expect((await views.view(asUser('chair'), vote.id)).status).toBe('open');

    // At the deadline on the Clock (the database's time is years earlier), the sweeper closes it.
    clock.set(DEADLINE);
    const closed = await eventually(
      () => views.view(asUser('chair'), vote.id),
      (view) => view.status === 'closed',
    );
    expect(closed).toMatchObject({ closedAt: DEADLINE, closeReason: 'deadline' });
    expect(closed.results?.ballots).toEqual([
      expect.objectContaining({
        voterId: asUser('pathologist').id,
        castAt: '2031-03-03T09:10:00.000Z',
      }),
    ]);
  });

  it('runs a second opinion’s turnaround clock on the times its timeline stored at the Clock’s instants', async () => {
    const requests = t.app.get(SecondOpinionRequestsService);
    const collection = t.app.get(RecordsCollectionService);
    const uploads = t.app.get(UploadLinksService);
    const coordinator = asUser('coordinator');
    const RECEIVED = '2031-03-01T08:00:00.000Z';
    const RECORDS_COMPLETE = '2031-03-03T09:00:00.000Z';
    const MORE_ASKED = '2031-03-05T09:00:00.000Z';
    const MORE_RECEIVED = '2031-03-06T09:00:00.000Z';

    clock.set(RECEIVED);
    const request = await requests.intake(coordinator, board.boardId, {
      type: 'treatment_plan',
      priority: 'routine',
      patient: { reference: 'CLOCK-1', birthYear: 1958, sex: 'male' },
      preferredLanguage: 'fr',
      country: 'FR',
      timezone: 'Europe/Paris',
      question: 'Is chemoradiation the right plan?',
      referrer: {
        name: 'Dr L. Petit',
        institution: 'CH Annecy',
        email: 'l.petit@ch-annecy.example',
      },
      firstOpinion: {
        diagnosis: 'Squamous cell carcinoma of the left lower lobe',
        stage: 'cT3N1M0, IIIA',
        proposedTreatment: 'Concurrent chemoradiation',
        institution: 'CH Annecy',
        physician: 'Dr L. Petit',
      },
      consent: {
        grantedBy: 'patient',
        grantedAt: '2031-02-28T10:00:00.000Z',
        scope: ['share_records', 'process_records'],
      },
      payer: { payer: 'Assurance maladie', coverageVerified: true },
    } as Parameters<SecondOpinionRequestsService['intake']>[2]);
    expect(request).toMatchObject({ receivedAt: RECEIVED, clock: { state: 'not_started' } });

    // Every required record waived: the clock starts at the last waiver.
    clock.set(RECORDS_COMPLETE);
    const { items } = await collection.checklist(coordinator, request.id);
    for (const item of items)
      await collection.waive(coordinator, request.id, item.kind as RecordKind, 'not available');

    // More records asked for pauses it; the record received through the link resumes it.
    clock.set(MORE_ASKED);
    const link = await uploads.create(coordinator, request.id, 'other');
    clock.set(MORE_RECEIVED);
    const token = String(link.url).split('/').pop() as string;
    await uploads.upload(token, 'Latest CT report', {
      originalname: 'ct.pdf',
      mimetype: 'application/pdf',
      buffer: minimalPdf(['Latest CT report']),
    });

    // Five days after the records were complete, one of them paused: four days used of ten.
    clock.set(at(RECORDS_COMPLETE, 5 * DAY_MS));
    expect((await requests.get(coordinator, request.id)).clock).toEqual({
      state: 'running',
      startedAt: RECORDS_COMPLETE,
      stoppedAt: null,
      elapsedMs: 4 * DAY_MS,
      pausedMs: DAY_MS,
      pauses: [{ from: MORE_ASKED, to: MORE_RECEIVED }],
      targetMs: 10 * DAY_MS,
      status: 'on_track',
    });

    // Eight days used (80 % of the target) is at risk, to the millisecond.
    clock.set(at(RECORDS_COMPLETE, 9 * DAY_MS - 1));
    expect((await requests.get(coordinator, request.id)).clock).toMatchObject({
      elapsedMs: 8 * DAY_MS - 1,
      status: 'on_track',
    });
    clock.set(at(RECORDS_COMPLETE, 9 * DAY_MS));
    expect((await requests.get(coordinator, request.id)).clock).toMatchObject({
      elapsedMs: 8 * DAY_MS,
      status: 'at_risk',
    });
  });

  it('sends a webhook delivery when it is due on the Clock, and schedules its retry from the Clock', async () => {
    const webhooks = t.app.get(WebhookService);
    const dispatcher = t.app.get(WebhookDispatcher);
    // This test runs the dispatcher's rounds itself.
    await dispatcher.onModuleDestroy();
    const receiver = await startReceiver((response) => {
      response.writeHead(503).end('maintenance window');
    });
    const coordinator = asUser('coordinator');
    const QUEUED = '2031-03-05T12:00:00.000Z';
    const RETRY = '2031-03-05T12:01:00.000Z';
    try {
      clock.set(QUEUED);
      const endpoint = await webhooks.register(coordinator, board.boardId, { url: receiver.url });
      const subjectId = randomUUID();
      const [deliveryId] = await webhooks.enqueue(
        board.boardId,
        'recommendation.published',
        subjectId,
        { recommendationId: subjectId },
      );

      // Queued at 12:00 on the Clock: not due a second earlier, though years past the real time.
      clock.set(at(QUEUED, -1_000));
      expect(await dispatcher.deliverDue()).toBe(0);
      clock.set(QUEUED);
      expect(await dispatcher.deliverDue()).toBe(1);
      expect(receiver.received).toHaveLength(1);
      const [first] = receiver.received;
      expect(first.signature).toMatch(new RegExp(`^t=${Date.parse(QUEUED) / 1000},v1=`));
      expect(
        verifySignature(endpoint.secret, first.signature, first.body, {
          nowSeconds: Date.parse(QUEUED) / 1000,
        }),
      ).toBe(true);
      expect(await webhooks.deliveries(coordinator, endpoint.id)).toEqual([
        expect.objectContaining({
          id: deliveryId,
          status: 'pending',
          attempts: 1,
          createdAt: QUEUED,
          lastAttemptAt: QUEUED,
          lastStatusCode: 503,
          // The first retry waits the base delay (WEBHOOK_RETRY_BASE_MS) from the failed attempt.
          nextAttemptAt: RETRY,
        }),
      ]);

      clock.set(at(RETRY, -1));
      expect(await dispatcher.deliverDue()).toBe(0);
      clock.set(RETRY);
      expect(await dispatcher.deliverDue()).toBe(1);
      expect(receiver.received).toHaveLength(2);
      expect(await webhooks.deliveries(coordinator, endpoint.id)).toEqual([
        expect.objectContaining({
          attempts: 2,
          lastAttemptAt: RETRY,
          nextAttemptAt: '2031-03-05T12:03:00.000Z',
        }),
      ]);
    } finally {
      await receiver.close();
    }
  });
});

interface Received {
  signature: string;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 answering every request with `answer`. */
async function startReceiver(answer: (response: ServerResponse) => void): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        signature: String(req.headers['x-tumorboard-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/clock`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(50);
  }
}
