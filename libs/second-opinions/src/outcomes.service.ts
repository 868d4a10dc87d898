import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BoardOutcomeFollowUpsView,
  BoardRole,
  OutcomeFollowUpStatus,
  OutcomeScheduleView,
  OutcomeSubjectType,
  OutcomeSubjectView,
  RecordedOutcomeView,
  ScheduledOutcomeView,
} from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAccessService, BoardActor } from '@app/boards';
import {
  Clock,
  Conflict,
  DomainEventBus,
  Forbidden,
  InvalidInput,
  NotFound,
  newId,
} from '@app/core';
import { UnitOfWork } from '@app/persistence';
import {
  FollowUpOutcomeInput,
  FollowUpRefusal,
  days,
  followUpSchedule,
  validateFollowUpOutcome,
} from './domain';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';
import { appendToTimeline } from './timeline';

export interface RecordOutcomeInput extends FollowUpOutcomeInput {
  intervalDays: number;
}

interface Subject {
  type: OutcomeSubjectType;
  id: string;
  boardId: string;
  caseId: string | null;
  patientRef: string;
  currentVersionId: string | null;
  publishedAt: Date;
}

interface SubjectRow {
  id: string;
  board_id: string;
  case_id: string | null;
  patient_ref: string;
  current_version_id: string | null;
  published_at: Date;
}

interface OutcomeRow {
  id: string;
  subject_type: OutcomeSubjectType;
  subject_id: string;
  interval_days: number;
  adherence: RecordedOutcomeView['adherence'];
  deviation_reason: RecordedOutcomeView['deviationReason'];
  deviation_detail: string | null;
  outcome_notes: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
}

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
 * The chains of a board's recommendation versions; per chain, its first published version (the
 * subject: amendments neither restart nor duplicate its schedule) and its latest published one.
 * `$2`, if given, keeps only the chain holding that version; `$3`, if given, only the chains first
 * published by then.
 */
const RECOMMENDATION_SUBJECTS = `
  WITH RECURSIVE chain AS (
    SELECT id AS root_id, id, version, status, published_at
    FROM recommendation WHERE board_id = $1 AND previous_version_id IS NULL
    UNION ALL
    SELECT chain.root_id, r.id, r.version, r.status, r.published_at
    FROM recommendation r JOIN chain ON r.previous_version_id = chain.id
  ), published AS (
    SELECT * FROM chain
    WHERE status = 'published' AND ($2::uuid IS NULL OR root_id = (SELECT root_id FROM chain WHERE id = $2))
  ), first_published AS (
    SELECT DISTINCT ON (root_id) root_id, id, published_at FROM published ORDER BY root_id, version
  ), latest_published AS (
    SELECT DISTINCT ON (root_id) root_id, id FROM published ORDER BY root_id, version DESC
  )
  SELECT f.id, r.board_id, r.case_id, c.patient_ref, l.id AS current_version_id, f.published_at
  FROM first_published f
  JOIN latest_published l USING (root_id)
  JOIN recommendation r ON r.id = f.id
  JOIN clinical_case c ON c.id = r.case_id
  WHERE $3::timestamptz IS NULL OR f.published_at <= $3`;

/**
 * A board's delivered second opinions (version 1 issued), unless consent has been withdrawn;
 * `$2`, if given, keeps only that request; `$3`, if given, only those delivered by then.
 */
const SECOND_OPINION_SUBJECTS = `
  SELECT q.id, q.board_id, q.case_id, q.patient_ref, NULL AS current_version_id, o.issued_at AS published_at
  FROM second_opinion_request q
  JOIN second_opinion_opinion o ON o.request_id = q.id AND o.version = 1
  WHERE q.board_id = $1 AND q.status <> 'consent_withdrawn' AND ($2::uuid IS NULL OR q.id = $2)
    AND ($3::timestamptz IS NULL OR o.issued_at <= $3)`;

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
    @Inject(SECOND_OPINIONS_SETTINGS) private readonly settings: SecondOpinionsSettings,
    private readonly clock: Clock,
  ) {}

  /** Every follow-up on the board at `asOf` (default now), filtered by status, overdue first. */
  async forBoard(
    user: AuthenticatedUser,
    boardId: string,
    query: { status?: OutcomeFollowUpStatus; asOf?: Date },
  ): Promise<BoardOutcomeFollowUpsView> {
    const asOf = this.asOf(query.asOf);
    await this.boards.actorOn(boardId, user);
    const db = this.uow.manager;
    const subjects = [
      ...(await this.subjects(db, 'recommendation', boardId, null, asOf)),
      ...(await this.subjects(db, 'second_opinion', boardId, null, asOf)),
    ];
    const outcomes = new Map<string, OutcomeRow[]>();
    for (const outcome of await this.outcomes(db, boardId, null, asOf)) {
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
    return this.scheduleView(await this.subject(this.uow.manager, user, 'recommendation', id), at);
  }

  async secondOpinionSchedule(
    user: AuthenticatedUser,
    id: string,
    asOf?: Date,
  ): Promise<OutcomeScheduleView> {
    const at = this.asOf(asOf);
    return this.scheduleView(await this.subject(this.uow.manager, user, 'second_opinion', id), at);
  }

  /** Records one follow-up of a recommendation's chain (`id`: any of its versions) or a second opinion. */
  async record(
    user: AuthenticatedUser,
    type: OutcomeSubjectType,
    id: string,
    input: RecordOutcomeInput,
  ): Promise<OutcomeScheduleView> {
    const subject = await this.uow.run(async (db) => {
      const found = await this.subject(db, user, type, id, (actor) => {
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
        ? this.schedule(found, await this.outcomes(db, null, found, now), now).find(
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
      try {
        await db.query(
          `INSERT INTO outcome_follow_up (id, board_id, subject_type, subject_id, interval_days, adherence,
             deviation_reason, deviation_detail, outcome_notes, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [
            outcomeId,
            found.boardId,
            found.type,
            found.id,
            input.intervalDays,
            outcome.adherence,
            outcome.deviationReason,
            outcome.deviationDetail,
            outcome.outcomeNotes,
            user.id,
            now,
          ],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new Conflict(`the ${input.intervalDays}-day follow-up is already recorded`);
        throw error;
      }
      const details = {
        outcomeFollowUpId: outcomeId,
        boardId: found.boardId,
        intervalDays: input.intervalDays,
        adherence: outcome.adherence,
        deviationReason: outcome.deviationReason,
      };
      if (found.type === 'second_opinion')
        await appendToTimeline(db, found.id, 'outcome_recorded', user.id, details);
      await this.events.publish({
        type: 'domain',
        action: `${found.type}.outcome_recorded`,
        targetType: found.type,
        targetId: found.id,
        details,
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

  /**
   * The subject `id` names, for a member of its board (404 otherwise, as if it did not exist);
   * `authorise` may refuse the member. A recommendation never published or a second opinion not
   * delivered (or whose consent was withdrawn) has no follow-up: 409.
   */
  private async subject(
    db: EntityManager,
    user: AuthenticatedUser,
    type: OutcomeSubjectType,
    id: string,
    authorise?: (actor: BoardActor) => void,
  ): Promise<Subject> {
    const what = type === 'recommendation' ? 'recommendation' : 'second opinion';
    const [owner]: Array<{ board_id: string; withdrawn: boolean }> = await db.query(
      type === 'recommendation'
        ? `SELECT board_id, false AS withdrawn FROM recommendation WHERE id = $1`
        : `SELECT board_id, status = 'consent_withdrawn' AS withdrawn FROM second_opinion_request WHERE id = $1`,
      [id],
    );
    if (!owner) throw new NotFound(what, id);
    const actor = await this.boards.actorOn(owner.board_id, user).catch((error: unknown) => {
      if (error instanceof NotFound) throw new NotFound(what, id);
      throw error;
    });
    authorise?.(actor);
    if (owner.withdrawn)
      throw new Conflict('consent has been withdrawn: outcomes are no longer followed up');
    const [found] = await this.subjects(db, type, owner.board_id, id, null);
    if (!found)
      throw new Conflict(
        type === 'recommendation'
          ? 'no version of this recommendation is published yet'
          : 'the second opinion has not been delivered yet',
      );
    return found;
  }

  private async subjects(
    db: EntityManager,
    type: OutcomeSubjectType,
    boardId: string,
    id: string | null,
    publishedBy: Date | null,
  ): Promise<Subject[]> {
    const rows: SubjectRow[] = await db.query(
      type === 'recommendation' ? RECOMMENDATION_SUBJECTS : SECOND_OPINION_SUBJECTS,
      [boardId, id, publishedBy],
    );
    return rows.map((row) => ({
      type,
      id: row.id,
      boardId: row.board_id,
      caseId: row.case_id,
      patientRef: row.patient_ref,
      currentVersionId: row.current_version_id,
      publishedAt: new Date(row.published_at),
    }));
  }

  /** Outcomes recorded by `recordedBy`, of a board or of one subject. */
  private async outcomes(
    db: EntityManager,
    boardId: string | null,
    subject: Subject | null,
    recordedBy: Date,
  ): Promise<OutcomeRow[]> {
    return db.query(
      `SELECT f.id, f.subject_type, f.subject_id, f.interval_days, f.adherence, f.deviation_reason,
              f.deviation_detail, f.outcome_notes, f.recorded_by, u.display_name AS recorded_by_name, f.recorded_at
       FROM outcome_follow_up f JOIN app_user u ON u.id = f.recorded_by
       WHERE ($1::uuid IS NULL OR f.board_id = $1)
         AND ($2::text IS NULL OR (f.subject_type = $2 AND f.subject_id = $3))
         AND f.recorded_at <= $4`,
      [boardId, subject?.type ?? null, subject?.id ?? null, recordedBy],
    );
  }

  private async scheduleView(subject: Subject, asOf: Date): Promise<OutcomeScheduleView> {
    const outcomes = await this.outcomes(this.uow.manager, null, subject, asOf);
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
    subject: Subject,
    own: readonly OutcomeRow[],
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

function toSubjectView(subject: Subject): OutcomeSubjectView {
  return {
    type: subject.type,
    id: subject.id,
    boardId: subject.boardId,
    caseId: subject.caseId,
    patientRef: subject.patientRef,
    currentVersionId: subject.currentVersionId,
    publishedAt: subject.publishedAt.toISOString(),
  };
}

function toOutcomeView(row: OutcomeRow): RecordedOutcomeView {
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
