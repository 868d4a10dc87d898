import { Injectable } from '@nestjs/common';
import { DicomReference, maySearchImaging } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { Conflict, Forbidden, NotFound } from '@app/core';
import { CaseAccessService } from './case-access.service';
import { CaseRecordRepository } from './case-record.repository';

/** A case's imaging study as a member may open it. */
export interface ViewableStudy {
  boardId: string;
  reference: DicomReference;
}

/**
 * Who may search a PACS for a case, link a study to it, and open the studies it references: the
 * imaging context asks here, through the case's board access (a non-member: 404).
 */
@Injectable()
export class CaseImaging {
  constructor(
    private readonly access: CaseAccessService,
    private readonly records: CaseRecordRepository,
  ) {}

  /**
   * The study as the case references it, for a member of the case's board (admins too). A
   * non-member, or a study the case does not reference, is "not found".
   */
  async viewableStudy(
    user: AuthenticatedUser,
    caseId: string,
    studyInstanceUid: string,
  ): Promise<ViewableStudy> {
    const { clinicalCase } = await this.access.load(user, caseId, 'view');
    const record = await this.records.imagingStudy(caseId, studyInstanceUid);
    if (!record?.dicom) throw new NotFound('imaging study', studyInstanceUid);
    return { boardId: clinicalCase.boardId, reference: record.dicom };
  }

  /**
   * Searching a PACS to link a study: the case's presenter, the chair and coordinators. The
   * case's board, whose imaging source the search uses unless it names one.
   */
  async requireSearch(user: AuthenticatedUser, caseId: string): Promise<{ boardId: string }> {
    const { clinicalCase, actor } = await this.access.load(user, caseId, 'view');
    if (!maySearchImaging(actor, user.id, clinicalCase.presenterId)) {
      throw new Forbidden(
        "only the case's presenter, the chair and coordinators search the PACS for a case",
      );
    }
    return { boardId: clinicalCase.boardId };
  }

  /** Linking a study: whoever may edit the case; a study is linked to a case once. */
  async requireLink(
    user: AuthenticatedUser,
    caseId: string,
    studyInstanceUid: string,
  ): Promise<void> {
    await this.access.load(user, caseId, 'edit');
    if (await this.records.imagingStudy(caseId, studyInstanceUid)) {
      throw new Conflict(`imaging study ${studyInstanceUid} is already linked to this case`);
    }
  }
}
