import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService } from '@app/boards';
import { Clock, DomainEventBus, InvalidInput, days } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { SlaEvent } from './domain';
import { ReferralIntakeDto } from './dto/referral.dto';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { SecondOpinionRequestsService } from './second-opinion-requests.service';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { SecondOpinionsSettings } from './second-opinions-settings';

const RECORDS_COMPLETE = new Date('2031-03-03T09:00:00Z');
const at = (offsetMs: number) => new Date(RECORDS_COMPLETE.getTime() + offsetMs);

/** The service's clock, set by each test to the instant it evaluates at. */
class FixedClock implements Clock {
  instant = RECORDS_COMPLETE;
  now(): Date {
    return new Date(this.instant);
  }
}

/**
 * A routine request (10-day target) whose clock started when its records were complete, on
 * 3 March 2031: years after the real time the test runs at. The database answers with the
 * request and its timeline events.
 */
function setup(events: SlaEvent[]) {
  const clock = new FixedClock();
  const request = {
    id: 'request-1',
    board_id: 'board-1',
    priority: 'routine',
    status: 'records_complete',
    patient_ref: 'SO-1',
    received_at: new Date('2031-03-01T08:00:00Z'),
  };
  const query = jest.fn(async (sql: string) =>
    sql.includes('FROM second_opinion_event')
      ? events.map((event) => ({ request_id: request.id, ...event }))
      : [request],
  );
  const run = jest.fn(async (work: (db: unknown) => Promise<void>) =>
    work({ query: jest.fn(async () => []) }),
  );
  const boards = { requireAccess: jest.fn(async () => ({})) };
  const settings = {
    slaTargets: { routine: days(10), urgent: days(3) },
    followUpQuestions: 2,
  } as unknown as SecondOpinionsSettings;
  const uow = { manager: { query }, run } as unknown as UnitOfWork;
  const service = new SecondOpinionRequestsService(
    uow,
    new SecondOpinionRequestRepository(uow),
    new SecondOpinionTimelineRepository(uow),
    new DomainEventBus(),
    boards as unknown as BoardAccessService,
    settings,
    clock,
  );
  return { clock, service, run };
}

const coordinator = { id: 'coordinator-1' } as AuthenticatedUser;

describe('SecondOpinionRequestsService: the turnaround clock read at the instant of its Clock', () => {
  it.each<[string, number, 'on_track' | 'at_risk' | 'breached']>([
    ['half-way through the 10 days', days(5), 'on_track'],
    ['just before 80 % of the target', days(8) - 1, 'on_track'],
    ['at 80 % of the target', days(8), 'at_risk'],
    ['on the deadline', days(10), 'at_risk'],
    ['a millisecond past the deadline', days(10) + 1, 'breached'],
  ])('%s (%d ms): %s', async (_name, elapsedMs, status) => {
    const { clock, service } = setup([{ type: 'records_complete', at: RECORDS_COMPLETE }]);
    clock.instant = at(elapsedMs);
    const [request] = await service.list(coordinator, 'board-1');
    expect(request.clock).toMatchObject({
      state: 'running',
      startedAt: RECORDS_COMPLETE.toISOString(),
      elapsedMs,
      targetMs: days(10),
      status,
    });
    expect((await service.turnaroundWatch(coordinator, 'board-1')).length).toBe(
      status === 'on_track' ? 0 : 1,
    );
  });

  it('does not count the time spent waiting for more records, however late it is read', async () => {
    const { clock, service } = setup([
      { type: 'records_complete', at: RECORDS_COMPLETE },
      { type: 'records_requested', at: at(days(2)) },
    ]);
    for (const instant of [at(days(3)), at(days(30))]) {
      clock.instant = instant;
      const [request] = await service.list(coordinator, 'board-1');
      expect(request.clock).toMatchObject({
        state: 'paused',
        elapsedMs: days(2),
        pausedMs: instant.getTime() - at(days(2)).getTime(),
        status: 'on_track',
      });
    }
  });

  it('takes a consent dated up to 5 minutes after its now, and refuses one dated later', async () => {
    const { clock, service, run } = setup([]);
    clock.instant = new Date('2031-03-01T08:00:00Z');
    const intake = (grantedAt: string) =>
      service.intake(coordinator, 'board-1', {
        priority: 'routine',
        timezone: 'Europe/Rome',
        patient: {},
        consent: { grantedAt },
        firstOpinion: {},
        payer: {},
        country: 'it',
      } as unknown as ReferralIntakeDto);
    await expect(intake('2031-03-01T08:06:00Z')).rejects.toThrow(
      new InvalidInput('consent cannot be granted in the future'),
    );
    expect(run).not.toHaveBeenCalled();
    // Years after the real time, but not after the clock's now: taken in.
    await intake('2031-03-01T08:04:00Z');
    expect(run).toHaveBeenCalledTimes(1);
  });
});
