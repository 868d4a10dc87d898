import { Inject, Injectable } from '@nestjs/common';
import {
  BoardOutcomeFollowUpsView,
  BoardRole,
  OutcomeFollowUpStatus,
  OutcomeScheduleView,
  OutcomeSubjectType,
  RecordedOutcomeView,
  ScheduledOutcomeView,
} from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAccessService, BoardAction } from '@app/boards';
import { Clock, Conflict, DomainEventBus, Forbidden, InvalidInput, days, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  FollowUpOutcomeInput,
  FollowUpRefusal,
  followUpSchedule,
  validateFollowUpOutcome,
} from './domain';
import {
  FollowUpsOf,
  OutcomeFollowUpRepository,
  OutcomeFollowUpRow,
} from './outcome-follow-up.repository';
import { OutcomeSubject, OutcomeSubjects, toSubjectView } from './outcome-subjects';
import { QUALITY_SETTINGS, QualitySettings } from './quality-settings';

export interface RecordOutcomeInput extends FollowUpOutcomeInput {
  intervalDays: number;
}

/** A recorded follow-up with its recorder's name. */
type RecordedOutcome = OutcomeFollowUpRow & { recorded_by_name: string };

/** How far from now `asOf` may reach, either way. */
const AS_OF_REACH_DAYS = 730;

const RECORDERS = new Set<BoardRole | null>([BoardRole.Coordinator, BoardRole.Chair]);

const STATUS_ORDER: Record<OutcomeFollowUpStatus, number> = {
  overdue: 0,
  due: 1,
  upcoming: 2,
  done: 3,
};

/** The field each refusal of `validateFollowUpOutcome` is about. */
const REFUSAL_FIELD: Record<FollowUpRefusal, string> = {
  unknown_adherence: 'adherence',
  unknown_deviation_reason: 'deviationReason',
  deviation_reason_required: 'deviationReason',
  deviation_not_applicable: 'deviationReason',
  deviation_detail_required: 'deviationDetail',
};

/**
 * Outcome follow-ups of every published board recommendation and delivered second opinion, at
 * the configured intervals after first publication or delivery: whether it was implemented,
 * why care deviated, what came of it. Coordinators, the chair and platform admins record; every
 * member of the board sees the schedule. A recorded follow-up never changes.
 *
 * A follow-up opens for recording when the previous one in the schedule falls due (the first at
 * publication), so an outcome learnt early can be recorded without waiting, but a later
 * follow-up cannot be answered before the earlier ones could.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly boards: BoardAccessService,
    private readonly subjects: OutcomeSubjects,
    private readonly followUps: OutcomeFollowUpRepository,
    private readonly users: UserLookup,
    @Inject(QUALITY_SETTINGS) private readonly settings: QualitySettings,
    private readonly clock: Clock,
  ) {}

  /** Every follow-up on the board at `asOf` (default now), filtered by status, overdue first. */
  async forBoard(
    user: AuthenticatedUser,
    boardId: string,
    query: { status?: OutcomeFollowUpStatus; asOf?: Date },
  ): Promise<BoardOutcomeFollowUpsView> {
    const asOf = this.asOf(query.asOf);
    await this.boards.requireAccess(user, boardId, BoardAction.View);
    const subjects = await this.subjects.ofBoard(boardId, asOf);
    const outcomes = new Map<string, RecordedOutcome[]>();
    for (const outcome of await this.outcomes({ boardId }, asOf)) {
      const key = subjectKey(outcome.subject_type, outcome.subject_id);
      outcomes.set(key, [...(outcomes.get(key) ?? []), outcome]);
    }
    const items = subjects
      .flatMap((subject) =>
        this.schedule(subject, outcomes.get(subjectKey(subject.type, subject.id)) ?? [], asOf).map(
          (followUp) => ({
            ...followUp,
            subject: toSubjectView(subject),
          }),
        ),
      )
      .filter((item) => query.status === undefined || item.status === query.status)
      .sort(
        (a, b) =>
          STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
          a.dueAt.localeCompare(b.dueAt) ||
          a.subject.id.localeCompare(b.subject.id),
      );
    return { asOf: asOf.toISOString(), items };
  }

  /** The schedule of a recommendation's chain; `id` may be any of its versions. */
  async recommendationSchedule(
    user: AuthenticatedUser,
    id: string,
    asOf?: Date,
  ): Promise<OutcomeScheduleView> {
    const at = this.asOf(asOf);
    return this.scheduleView(await this.subjects.require(user, 'recommendation', id), at);
  }

  async secondOpinionSchedule(
    user: AuthenticatedUser,
    id: string,
    asOf?: Date,
  ): Promise<OutcomeScheduleView> {
    const at = this.asOf(asOf);
    return this.scheduleView(await this.subjects.require(user, 'second_opinion', id), at);
  }

  /** Records one follow-up of a recommendation's chain (`id`: any of its versions) or a second opinion. */
  async record(
    user: AuthenticatedUser,
    type: OutcomeSubjectType,
    id: string,
    input: RecordOutcomeInput,
  ): Promise<OutcomeScheduleView> {
    const subject = await this.uow.run(async () => {
      const found = await this.subjects.require(user, type, id, (actor) => {
        if (!actor.isAdmin && !RECORDERS.has(actor.role))
          throw new Forbidden('only a coordinator or the chair records outcome follow-ups');
      });
      const validated = validateFollowUpOutcome(input);
      if (!validated.ok)
        throw new InvalidInput(validated.message, [
          { field: REFUSAL_FIELD[validated.code], message: validated.code },
        ]);
      const now = this.clock.now();
      const followUp = this.settings.followUpDays.includes(input.intervalDays)
        ? this.schedule(found, await this.outcomes(subjectOf(found), now), now).find(
            (scheduled) => scheduled.intervalDays === input.intervalDays,
          )
        : undefined;
      if (!followUp)
        throw new InvalidInput(
          `follow-ups are at ${this.settings.followUpDays.join(', ')} days, not ${input.intervalDays}`,
          [{ field: 'intervalDays', message: 'unknown_interval' }],
        );
      if (followUp.outcome)
        throw new Conflict(`the ${input.intervalDays}-day follow-up is already recorded`);
      if (now.getTime() < new Date(followUp.opensAt).getTime())
        throw new Conflict(
          `the ${input.intervalDays}-day follow-up opens on ${followUp.opensAt}, when the previous one falls due`,
        );
      const outcome = validated.value;
      const outcomeId = newId();
      const inserted = await this.followUps.insert({
        id: outcomeId,
        boardId: found.boardId,
        subjectType: found.type,
        subjectId: found.id,
        intervalDays: input.intervalDays,
        ...outcome,
        recordedBy: user.id,
        recordedAt: now,
      });
      if (!inserted)
        throw new Conflict(`the ${input.intervalDays}-day follow-up is already recorded`);
      // A second opinion's timeline records it too, in this transaction (second-opinions subscribes).
      await this.events.publish({
        type: 'domain',
        action: `${found.type}.outcome_recorded`,
        targetType: found.type,
        targetId: found.id,
        actorId: user.id,
        details: {
          outcomeFollowUpId: outcomeId,
          boardId: found.boardId,
          intervalDays: input.intervalDays,
          adherence: outcome.adherence,
          deviationReason: outcome.deviationReason,
        },
      });
      return found;
    });
    return this.scheduleView(subject, this.clock.now());
  }

  private asOf(requested: Date | undefined): Date {
    const now = this.clock.now();
    if (requested === undefined) return now;
    if (
      Number.isNaN(requested.getTime()) ||
      Math.abs(requested.getTime() - now.getTime()) > days(AS_OF_REACH_DAYS)
    )
      throw new InvalidInput(`asOf must be an instant within ${AS_OF_REACH_DAYS} days of now`, [
        { field: 'asOf', message: `within ${AS_OF_REACH_DAYS} days of now, either way` },
      ]);
    return requested;
  }

  /** Outcomes recorded by `recordedBy`, of a board or of one subject, with their recorders' names. */
  private async outcomes(of: FollowUpsOf, recordedBy: Date): Promise<RecordedOutcome[]> {
    const rows = await this.followUps.recorded(of, recordedBy);
    const names = new Map(
      (await this.users.summaries(rows.map((row) => row.recorded_by))).map((recorder) => [
        recorder.id,
        recorder.displayName,
      ]),
    );
    return rows.flatMap((row) => {
      const name = names.get(row.recorded_by);
      return name === undefined ? [] : [{ ...row, recorded_by_name: name }];
    });
  }

  private async scheduleView(subject: OutcomeSubject, asOf: Date): Promise<OutcomeScheduleView> {
    const outcomes = await this.outcomes(subjectOf(subject), asOf);
    return {
      subject: toSubjectView(subject),
      asOf: asOf.toISOString(),
      followUps: this.schedule(subject, outcomes, asOf),
    };
  }

  /**
   * The subject's follow-ups at `asOf`, given its recorded outcomes: the configured intervals,
   * and any interval recorded before the configuration changed, so a recorded outcome is never
   * hidden.
   */
  private schedule(
    subject: OutcomeSubject,
    own: readonly RecordedOutcome[],
    asOf: Date,
  ): ScheduledOutcomeView[] {
    const byInterval = new Map(own.map((outcome) => [outcome.interval_days, outcome]));
    const schedule = followUpSchedule({
      publishedAt: subject.publishedAt,
      now: asOf,
      recorded: own.map((outcome) => ({
        intervalDays: outcome.interval_days,
        recordedAt: new Date(outcome.recorded_at),
      })),
      intervalDays: [...new Set([...this.settings.followUpDays, ...byInterval.keys()])],
      graceDays: this.settings.followUpGraceDays,
    });
    return schedule.map((followUp, index) => {
      const outcome = byInterval.get(followUp.intervalDays);
      return {
        intervalDays: followUp.intervalDays,
        dueAt: followUp.dueAt.toISOString(),
        overdueAfter: followUp.overdueAfter.toISOString(),
        opensAt: (index === 0 ? subject.publishedAt : schedule[index - 1].dueAt).toISOString(),
        status: followUp.status,
        outcome: outcome ? toOutcomeView(outcome) : null,
      };
    });
  }
}

function subjectKey(type: OutcomeSubjectType, id: string): string {
  return `${type}:${id}`;
}

function subjectOf(subject: OutcomeSubject): FollowUpsOf {
  return { subjectType: subject.type, subjectId: subject.id };
}

function toOutcomeView(row: RecordedOutcome): RecordedOutcomeView {
  return {
    id: row.id,
    adherence: row.adherence,
    deviationReason: row.deviation_reason,
    deviationDetail: row.deviation_detail,
    outcomeNotes: row.outcome_notes,
    recordedBy: { userId: row.recorded_by, displayName: row.recorded_by_name },
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}
