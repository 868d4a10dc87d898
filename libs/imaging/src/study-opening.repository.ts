import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@app/persistence';

export interface StudyOpening {
  sessionId: string;
  studyInstanceUid: string;
  caseId: string;
  userId: string;
  openedAt: Date;
}

/** Which studies each session has opened (`imaging_study_opening`), for auditing each opening once. */
@Injectable()
export class StudyOpeningRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Records the opening; false when this session had opened the study already. */
  async recordFirst(opening: StudyOpening): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager.query(
      `INSERT INTO imaging_study_opening (session_id, study_instance_uid, case_id, user_id, opened_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id, study_instance_uid) DO NOTHING
       RETURNING session_id`,
      [
        opening.sessionId,
        opening.studyInstanceUid,
        opening.caseId,
        opening.userId,
        opening.openedAt,
      ],
    );
    return rows.length === 1;
  }
}
