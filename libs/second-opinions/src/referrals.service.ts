import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SecondOpinionView, TurnaroundClockView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, mayOnBoard } from '@app/boards';
import {
  Clock,
  Conflict,
  DomainError,
  DomainEventBus,
  InvalidInput,
  NotFound,
  newId,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ReferralIntakeDto } from './dto/referral.dto';
import { SlaEvent, slaClock, slaStatusFor, slaTargetFor } from './domain';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';
import { actorOnRequestBoard, requireRequestCoordinator } from './request-access';
import { appendToTimeline } from './timeline';

/** An emergent case is not a second opinion: the request is refused with where to go instead. */
export class EmergentReferral extends DomainError {
  readonly status = 422;
  readonly code = 'emergency';

  constructor() {
    super(
      'This program gives elective second opinions and cannot act in an emergency. ' +
        'The patient must go to emergency care now (local emergency number or the nearest emergency department).',
    );
  }
}

interface RequestRow {
  id: string;
  board_id: string;
  type: SecondOpinionView['type'];
  priority: SecondOpinionView['priority'];
  status: SecondOpinionView['status'];
  patient_ref: string;
  patient_birth_year: number;
  patient_sex: SecondOpinionView['patient']['sex'];
  preferred_language: string;
  country: string;
  timezone: string;
  question: string;
  referrer: SecondOpinionView['referrer'];
  first_opinion: NonNullable<SecondOpinionView['firstOpinion']>;
  consent: SecondOpinionView['consent'];
  payer: SecondOpinionView['payer'];
  received_at: Date;
  created_by: string;
  version: number;
  follow_up_questions_allowed: number;
  case_id: string | null;
}

/** Clock skew tolerated on a consent date given by the intake form. */
const CONSENT_SKEW_MS = 5 * 60_000;

/**
 * Second-opinion intake: a board's coordinator records the request with the
 * patient's pseudonym, the question, the first opinion, the consent to share
 * and process records (withdrawable) and the payer. Every change is audited
 * and written to the request's timeline, from which its turnaround clock runs.
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  async intake(
    user: AuthenticatedUser,
    boardId: string,
    input: ReferralIntakeDto,
  ): Promise<SecondOpinionView> {
    await this.boards.require(boardId, user, BoardAction.Manage);
    if (input.priority === 'emergent') throw new EmergentReferral();
    assertTimezone(input.timezone);
    const grantedAt = new Date(input.consent.grantedAt);
    if (grantedAt.getTime() > this.clock.now().getTime() + CONSENT_SKEW_MS)
      throw new InvalidInput('consent cannot be granted in the future', [
        { field: 'consent.grantedAt', message: 'must not be in the future' },
      ]);
    const id = newId();
    await this.uow.run(async (db) => {
      await db.query(
        `INSERT INTO second_opinion_request (id, board_id, type, priority, status, patient_ref, patient_birth_year,
           patient_sex, preferred_language, country, timezone, question, referrer, first_opinion, consent, payer,
           received_at, created_by, updated_at, follow_up_questions_allowed)
         VALUES ($1, $2, $3, $4, 'awaiting_records', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, now(), $16, now(), $17)`,
        [
          id,
          boardId,
          input.type,
          input.priority,
          input.patient.reference,
          input.patient.birthYear,
          input.patient.sex,
          input.preferredLanguage,
          input.country.toUpperCase(),
          input.timezone,
          input.question,
          JSON.stringify(input.referrer),
          JSON.stringify({ ...input.firstOpinion, stage: input.firstOpinion.stage ?? null }),
          JSON.stringify({
            ...input.consent,
            grantedAt: grantedAt.toISOString(),
            withdrawnAt: null,
            withdrawalReason: null,
          }),
          JSON.stringify({
            ...input.payer,
            authorizationNumber: input.payer.authorizationNumber ?? null,
          }),
          user.id,
          input.followUpQuestions ?? this.settings.followUpQuestions,
        ],
      );
      await appendToTimeline(db, id, 'received', user.id, {
        type: input.type,
        priority: input.priority,
      });
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.received',
        targetType: 'second_opinion',
        targetId: id,
        details: {
          boardId,
          type: input.type,
          priority: input.priority,
          consentScope: input.consent.scope,
        },
      });
    });
    return this.get(user, id);
  }

  async list(user: AuthenticatedUser, boardId: string): Promise<SecondOpinionView[]> {
    await this.boards.require(boardId, user, BoardAction.Manage);
    const rows: RequestRow[] = await this.uow.manager.query(
      `SELECT * FROM second_opinion_request WHERE board_id = $1 ORDER BY received_at DESC, id`,
      [boardId],
    );
    const events = await this.clockEvents(rows.map((row) => row.id));
    const now = this.clock.now();
    return rows.map((row) => toView(row, true, this.clockOf(row, events.get(row.id) ?? [], now)));
  }

  /**
   * Requests whose turnaround is at risk (80 % of the target used) or
   * breached, most overdue first: running ones to act on, and those
   * delivered late, which stay listed as breaches.
   */
  async turnaroundWatch(user: AuthenticatedUser, boardId: string): Promise<SecondOpinionView[]> {
    const all = await this.list(user, boardId);
    return all
      .filter((request) => request.clock.status !== 'on_track')
      .sort((a, b) => b.clock.elapsedMs / b.clock.targetMs - a.clock.elapsedMs / a.clock.targetMs);
  }

  /** Coordinators see the first opinion; other members of the board do not (reviewers are blinded). */
  async get(user: AuthenticatedUser, id: string): Promise<SecondOpinionView> {
    const row = await this.find(this.uow.manager, id);
    const actor = await actorOnRequestBoard(this.boards, row.board_id, user, id);
    const events = await this.clockEvents([row.id]);
    return toView(
      row,
      mayOnBoard(actor, BoardAction.Manage),
      this.clockOf(row, events.get(row.id) ?? [], this.clock.now()),
    );
  }

  /** The timeline events the turnaround clock runs on, per request, in one query. */
  private async clockEvents(requestIds: string[]): Promise<Map<string, SlaEvent[]>> {
    const rows: Array<{ request_id: string; type: SlaEvent['type']; at: Date }> =
      await this.uow.manager.query(
        `SELECT request_id, type, at FROM second_opinion_event
         WHERE request_id = ANY($1::uuid[])
           AND type IN ('records_requested', 'records_complete', 'opinion_delivered')
         ORDER BY at, id`,
        [requestIds],
      );
    const byRequest = new Map<string, SlaEvent[]>();
    for (const row of rows)
      byRequest.set(row.request_id, [
        ...(byRequest.get(row.request_id) ?? []),
        { type: row.type, at: new Date(row.at) },
      ]);
    return byRequest;
  }

  /** The turnaround clock at `now`, from the request's timeline. */
  private clockOf(row: RequestRow, events: SlaEvent[], now: Date): TurnaroundClockView {
    const clock = slaClock(events, now);
    return {
      state: clock.state,
      startedAt: clock.startedAt?.toISOString() ?? null,
      stoppedAt: clock.stoppedAt?.toISOString() ?? null,
      elapsedMs: clock.elapsedMs,
      pausedMs: clock.pausedMs,
      pauses: clock.pauses.map((pause) => ({
        from: pause.from.toISOString(),
        to: pause.to?.toISOString() ?? null,
      })),
      targetMs: slaTargetFor(row.priority, this.settings.slaTargets),
      status: slaStatusFor(clock, row.priority, this.settings.slaTargets),
    };
  }

  /** The patient withdraws consent: the request stops here, and stays on record. */
  async withdrawConsent(
    user: AuthenticatedUser,
    id: string,
    reason: string,
  ): Promise<SecondOpinionView> {
    await this.uow.run(async (db) => {
      const row = await this.find(db, id, true);
      await requireRequestCoordinator(this.boards, row.board_id, user, id);
      if (row.consent.withdrawnAt) throw new Conflict('consent has already been withdrawn');
      const consent = {
        ...row.consent,
        withdrawnAt: this.clock.now().toISOString(),
        withdrawalReason: reason,
      };
      await db.query(
        `UPDATE second_opinion_request SET consent = $2, status = 'consent_withdrawn', updated_at = now(),
           version = version + 1 WHERE id = $1`,
        [id, JSON.stringify(consent)],
      );
      await appendToTimeline(db, id, 'consent_withdrawn', user.id, { reason });
      await this.events.publish({
        type: 'domain',
        action: 'second_opinion.consent_withdrawn',
        targetType: 'second_opinion',
        targetId: id,
        details: { reason },
      });
    });
    return this.get(user, id);
  }

  private async find(db: EntityManager, id: string, lock = false): Promise<RequestRow> {
    const [row] = await db.query(
      `SELECT * FROM second_opinion_request WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new NotFound('second opinion', id);
    return row as RequestRow;
  }
}

function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new InvalidInput('unknown time zone', [
      { field: 'timezone', message: 'must be an IANA time zone, e.g. "Europe/Rome"' },
    ]);
  }
}

function toView(
  row: RequestRow,
  showFirstOpinion: boolean,
  clock: TurnaroundClockView,
): SecondOpinionView {
  return {
    id: row.id,
    boardId: row.board_id,
    type: row.type,
    priority: row.priority,
    status: row.status,
    patient: {
      reference: row.patient_ref,
      birthYear: row.patient_birth_year,
      sex: row.patient_sex,
    },
    preferredLanguage: row.preferred_language,
    country: row.country,
    timezone: row.timezone,
    question: row.question,
    referrer: row.referrer,
    ...(showFirstOpinion ? { firstOpinion: row.first_opinion } : {}),
    consent: row.consent,
    payer: row.payer,
    receivedAt: new Date(row.received_at).toISOString(),
    createdBy: row.created_by,
    version: row.version,
    followUpQuestionsAllowed: row.follow_up_questions_allowed,
    panelCaseId: row.case_id,
    clock,
  };
}
