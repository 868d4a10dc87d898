import { Inject, Injectable } from '@nestjs/common';
import { SecondOpinionView, TurnaroundClockView } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardAction, isValidTimezone, mayOnBoard } from '@app/boards';
import { Clock, Conflict, DomainError, DomainEventBus, InvalidInput, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { ReferralIntakeDto } from './dto/referral.dto';
import { SlaEvent, turnaroundClockView } from './domain';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';
import {
  NewSecondOpinionRequest,
  SecondOpinionRequestRepository,
  SecondOpinionRequestRow,
} from './second-opinion-request.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';

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

/** Clock skew tolerated on a consent date given by the intake form. */
const CONSENT_SKEW_MS = 5 * 60_000;

/**
 * Second-opinion requests: a board's coordinator takes in the referral (the request with the
 * patient's pseudonym, the question, the first opinion, the consent to share and process records,
 * withdrawable, and the payer), and the board's requests are listed with their turnaround clock.
 * Every change is audited and written to the request's timeline, from which the clock runs.
 */
@Injectable()
export class SecondOpinionRequestsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly requests: SecondOpinionRequestRepository,
    private readonly timeline: SecondOpinionTimelineRepository,
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
    await this.boards.requireAccess(user, boardId, BoardAction.Manage);
    if (input.priority === 'emergent') throw new EmergentReferral();
    assertTimezone(input.timezone);
    const at = this.clock.now();
    const grantedAt = new Date(input.consent.grantedAt);
    if (grantedAt.getTime() > at.getTime() + CONSENT_SKEW_MS)
      throw new InvalidInput('consent cannot be granted in the future', [
        { field: 'consent.grantedAt', message: 'must not be in the future' },
      ]);
    const id = newId();
    const request: NewSecondOpinionRequest = {
      id,
      board_id: boardId,
      type: input.type,
      priority: input.priority,
      patient_ref: input.patient.reference,
      patient_birth_year: input.patient.birthYear,
      patient_sex: input.patient.sex,
      preferred_language: input.preferredLanguage,
      country: input.country.toUpperCase(),
      timezone: input.timezone,
      question: input.question,
      referrer: input.referrer,
      first_opinion: { ...input.firstOpinion, stage: input.firstOpinion.stage ?? null },
      consent: {
        ...input.consent,
        grantedAt: grantedAt.toISOString(),
        withdrawnAt: null,
        withdrawalReason: null,
      },
      payer: { ...input.payer, authorizationNumber: input.payer.authorizationNumber ?? null },
      received_at: at,
      created_by: user.id,
      follow_up_questions_allowed: input.followUpQuestions ?? this.settings.followUpQuestions,
    };
    await this.uow.run(async () => {
      await this.requests.insert(request);
      await this.timeline.append(
        id,
        'received',
        user.id,
        { type: input.type, priority: input.priority },
        at,
      );
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
    await this.boards.requireAccess(user, boardId, BoardAction.Manage);
    const rows = await this.requests.onBoard(boardId);
    const events = await this.timeline.clockEvents(rows.map((row) => row.id));
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
    const row = await this.requests.find(id);
    const actor = await this.boards.requireAccess(user, row.board_id, BoardAction.View, {
      kind: 'second opinion',
      id,
    });
    const events = await this.timeline.clockEvents([row.id]);
    return toView(
      row,
      mayOnBoard(actor, BoardAction.Manage),
      this.clockOf(row, events.get(row.id) ?? [], this.clock.now()),
    );
  }

  /** The turnaround clock at `now`, from the request's timeline. */
  private clockOf(
    row: SecondOpinionRequestRow,
    events: SlaEvent[],
    now: Date,
  ): TurnaroundClockView {
    return turnaroundClockView(events, row.priority, this.settings.slaTargets, now);
  }

  /** The patient withdraws consent: the request stops here, and stays on record. */
  async withdrawConsent(
    user: AuthenticatedUser,
    id: string,
    reason: string,
  ): Promise<SecondOpinionView> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const row = await this.requests.lock(id);
      await this.boards.requireAccess(user, row.board_id, BoardAction.Manage, {
        kind: 'second opinion',
        id,
      });
      if (row.consent.withdrawnAt) throw new Conflict('consent has already been withdrawn');
      const consent = {
        ...row.consent,
        withdrawnAt: at.toISOString(),
        withdrawalReason: reason,
      };
      await this.requests.withdrawConsent(id, consent, at);
      await this.timeline.append(id, 'consent_withdrawn', user.id, { reason }, at);
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
}

function assertTimezone(timezone: string): void {
  if (!isValidTimezone(timezone))
    throw new InvalidInput('unknown time zone', [
      { field: 'timezone', message: 'must be an IANA time zone, e.g. "Europe/Rome"' },
    ]);
}

function toView(
  row: SecondOpinionRequestRow,
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
