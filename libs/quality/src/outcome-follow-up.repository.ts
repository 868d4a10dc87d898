import { Injectable } from '@nestjs/common';
import { OutcomeSubjectType } from '@app/contracts';
import { UnitOfWork } from '@app/persistence';
import { Adherence, DeviationReason } from './domain';

/** A row of outcome_follow_up: one recorded follow-up of a recommendation or a second opinion. */
export interface OutcomeFollowUpRow {
  id: string;
  subject_type: OutcomeSubjectType;
  subject_id: string;
  interval_days: number;
  adherence: Adherence;
  deviation_reason: DeviationReason | null;
  deviation_detail: string | null;
  outcome_notes: string | null;
  recorded_by: string;
  recorded_at: Date;
}

/** What the quality metrics read of a recommendation's follow-up. */
export type RecommendationFollowUpRow = Pick<
  OutcomeFollowUpRow,
  'subject_id' | 'interval_days' | 'recorded_at' | 'adherence' | 'deviation_reason'
>;

/** Whose follow-ups: a board's, or one subject's. */
export type FollowUpsOf =
  { boardId: string } | { subjectType: OutcomeSubjectType; subjectId: string };

export interface NewOutcomeFollowUp {
  id: string;
  boardId: string;
  subjectType: OutcomeSubjectType;
  subjectId: string;
  intervalDays: number;
  adherence: Adherence;
  deviationReason: DeviationReason | null;
  deviationDetail: string | null;
  outcomeNotes: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** The recorded outcome follow-ups (outcome_follow_up, append-only). Inside a transaction it joins it. */
@Injectable()
export class OutcomeFollowUpRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Records a follow-up; false if the subject's follow-up at that interval is already recorded. */
  async insert(followUp: NewOutcomeFollowUp): Promise<boolean> {
    try {
      await this.uow.manager.query(
        `INSERT INTO outcome_follow_up (id, board_id, subject_type, subject_id, interval_days, adherence,
           deviation_reason, deviation_detail, outcome_notes, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          followUp.id,
          followUp.boardId,
          followUp.subjectType,
          followUp.subjectId,
          followUp.intervalDays,
          followUp.adherence,
          followUp.deviationReason,
          followUp.deviationDetail,
          followUp.outcomeNotes,
          followUp.recordedBy,
          followUp.recordedAt,
        ],
      );
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  /** Follow-ups recorded by `recordedBy`, of a board (`boardId`) or of one subject. */
  async recorded(of: FollowUpsOf, recordedBy: Date): Promise<OutcomeFollowUpRow[]> {
    const subject = 'boardId' in of ? null : of;
    return this.uow.manager.query<OutcomeFollowUpRow[]>(
      `SELECT id, subject_type, subject_id, interval_days, adherence, deviation_reason,
              deviation_detail, outcome_notes, recorded_by, recorded_at
       FROM outcome_follow_up
       WHERE ($1::uuid IS NULL OR board_id = $1)
         AND ($2::text IS NULL OR (subject_type = $2 AND subject_id = $3))
         AND recorded_at <= $4`,
      [
        'boardId' in of ? of.boardId : null,
        subject?.subjectType ?? null,
        subject?.subjectId ?? null,
        recordedBy,
      ],
    );
  }

  /** Follow-ups of the board's recommendations recorded from `from` (included) to `to` (excluded). */
  async ofRecommendationsRecordedBetween(
    boardId: string,
    from: Date,
    to: Date,
  ): Promise<RecommendationFollowUpRow[]> {
    return this.uow.manager.query<RecommendationFollowUpRow[]>(
      `SELECT subject_id, interval_days, recorded_at, adherence, deviation_reason FROM outcome_follow_up
       WHERE board_id = $1 AND subject_type = 'recommendation' AND recorded_at >= $2 AND recorded_at < $3`,
      [boardId, from, to],
    );
  }
}
