import { Inject, Injectable } from '@nestjs/common';
import { CaseRecordView, ImagingSourceView, ImagingStudyMatch } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { CaseImaging, RecordsService } from '@app/cases';
import { InvalidInput, NotFound } from '@app/core';
import { BoardImagingSources } from './board-imaging-sources.service';
import { DicomWebClient } from './dicomweb-client';
import { DicomWebSources } from './dicomweb-sources';
import {
  DicomDataset,
  DicomWebSource,
  PacsUnavailable,
  StudySearchCriteria,
  mainModality,
  pacsRefusal,
  studyDetailsQuery,
  studyMatch,
  studySearchQuery,
} from './domain';
import { IMAGING_SETTINGS, ImagingSettings } from './imaging-settings';

/** A study chosen from a search result, to link to a case. */
export interface StudyToLink {
  sourceId: string;
  studyInstanceUid: string;
}

/** What the web client shows of the sources, PACS searches for a case, and linking a found study. */
@Injectable()
export class ImagingStudiesService {
  constructor(
    private readonly sources: DicomWebSources,
    private readonly boardSources: BoardImagingSources,
    private readonly client: DicomWebClient,
    private readonly caseImaging: CaseImaging,
    private readonly records: RecordsService,
    @Inject(IMAGING_SETTINGS) private readonly settings: ImagingSettings,
  ) {}

  listSources(): ImagingSourceView[] {
    return this.sources.views();
  }

  /**
   * QIDO-RS study search, for the case's presenter, the chair and coordinators: on the source
   * named, else on the one the case's board searches.
   */
  async search(
    user: AuthenticatedUser,
    caseId: string,
    criteria: StudySearchCriteria & { sourceId?: string },
  ): Promise<ImagingStudyMatch[]> {
    const { boardId } = await this.caseImaging.requireSearch(user, caseId);
    const source =
      criteria.sourceId === undefined
        ? await this.boardSources.searchedBy(boardId)
        : this.sources.requested(criteria.sourceId);
    const search = studySearchQuery(criteria);
    if ('problem' in search) throw new InvalidInput(search.problem.message, [search.problem]);
    return this.findStudies(source, search.query);
  }

  /**
   * Links a study found on a source to the case: its details are read from the PACS (not taken
   * from the client), and the case's imaging record is created through the cases context.
   */
  async link(user: AuthenticatedUser, caseId: string, study: StudyToLink): Promise<CaseRecordView> {
    const source = this.sources.requested(study.sourceId);
    await this.caseImaging.requireLink(user, caseId, study.studyInstanceUid);
    const [found] = (
      await this.findStudies(source, studyDetailsQuery(study.studyInstanceUid))
    ).filter((match) => match.studyInstanceUid === study.studyInstanceUid);
    if (!found) throw new NotFound(`imaging study on ${source.name}`, study.studyInstanceUid);
    const modality = mainModality(found.modalities);
    return this.records.addReference(user, caseId, {
      kind: 'imaging_study',
      title: (found.description || `${modality} study`).slice(0, 300),
      ...(found.studyDate ? { recordDate: found.studyDate } : {}),
      source: source.name,
      dicom: {
        studyInstanceUid: found.studyInstanceUid,
        modality,
        sourceId: source.id,
        modalities: found.modalities,
        description: found.description,
        ...(found.studyDate ? { studyDate: found.studyDate } : {}),
        accessionNumber: found.accessionNumber,
        ...(found.seriesCount !== null ? { seriesCount: found.seriesCount } : {}),
        ...(found.instanceCount !== null ? { instanceCount: found.instanceCount } : {}),
      },
    });
  }

  private async findStudies(
    source: DicomWebSource,
    query: URLSearchParams,
  ): Promise<ImagingStudyMatch[]> {
    const answer = await this.client.json(
      {
        source,
        path: '/studies',
        query,
        accept: 'application/dicom+json',
        // Bounded by the source's timeouts; a search is small and read to its end.
        signal: new AbortController().signal,
      },
      this.settings.metadataLimitBytes,
    );
    if (answer.status !== 200 && answer.status !== 204)
      throw pacsRefusal(source.name, answer.status);
    if (!Array.isArray(answer.body))
      throw new PacsUnavailable(`the PACS "${source.name}" answered the search with no list`);
    return answer.body
      .filter((item): item is DicomDataset => item !== null && typeof item === 'object')
      .map((dataset) => studyMatch(source.id, dataset))
      .filter((match): match is ImagingStudyMatch => match !== null);
  }
}
