import { STUDY_SEARCH_FIELDS } from './dicom-json';

/** What a presenter searches the PACS with to find a study to link (dates as YYYY-MM-DD). */
export interface StudySearchCriteria {
  patientId?: string;
  accessionNumber?: string;
  studyDateFrom?: string;
  studyDateTo?: string;
  modality?: string;
  limit?: number;
  offset?: number;
}

export const STUDY_SEARCH_DEFAULT_LIMIT = 25;
export const STUDY_SEARCH_MAX_LIMIT = 100;

/**
 * The QIDO-RS query of a study search, or the problem with the criteria: a search names a
 * patient, an accession number or a date range (never the whole archive), and a range runs
 * forward.
 */
export function studySearchQuery(
  criteria: StudySearchCriteria,
): { query: URLSearchParams } | { problem: { field: string; message: string } } {
  const { patientId, accessionNumber, studyDateFrom, studyDateTo, modality } = criteria;
  if (!patientId && !accessionNumber && !studyDateFrom && !studyDateTo) {
    return {
      problem: {
        field: 'patientId',
        message: 'search by patientId, accessionNumber or a study date range',
      },
    };
  }
  if (studyDateFrom && studyDateTo && studyDateFrom > studyDateTo) {
    return {
      problem: { field: 'studyDateTo', message: 'studyDateTo must not be before studyDateFrom' },
    };
  }
  const query = new URLSearchParams();
  if (patientId) query.set('PatientID', patientId);
  if (accessionNumber) query.set('AccessionNumber', accessionNumber);
  if (studyDateFrom || studyDateTo)
    query.set('StudyDate', `${dicomDate(studyDateFrom)}-${dicomDate(studyDateTo)}`);
  if (modality) query.set('ModalitiesInStudy', modality);
  query.set('limit', String(criteria.limit ?? STUDY_SEARCH_DEFAULT_LIMIT));
  if (criteria.offset) query.set('offset', String(criteria.offset));
  for (const field of STUDY_SEARCH_FIELDS) query.append('includefield', field);
  return { query };
}

/** The QIDO-RS query that reads one study's details before it is linked. */
export function studyDetailsQuery(studyInstanceUid: string): URLSearchParams {
  const query = new URLSearchParams({ StudyInstanceUID: studyInstanceUid });
  query.set('limit', '2');
  for (const field of STUDY_SEARCH_FIELDS) query.append('includefield', field);
  return query;
}

function dicomDate(isoDate: string | undefined): string {
  return isoDate ? isoDate.replace(/-/g, '') : '';
}
