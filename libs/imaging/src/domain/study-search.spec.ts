import { studyDetailsQuery, studySearchQuery } from './study-search';

const FIELDS =
  'includefield=00081030&includefield=00080061&includefield=00201206&includefield=00201208';

describe('the QIDO-RS query of a study search', () => {
  it.each([
    [{ patientId: 'SYN-1' }, `PatientID=SYN-1&limit=25&${FIELDS}`],
    [
      { accessionNumber: 'ACC1', modality: 'CT' },
      `AccessionNumber=ACC1&ModalitiesInStudy=CT&limit=25&${FIELDS}`,
    ],
    [
      { studyDateFrom: '2026-01-01', studyDateTo: '2026-12-31' },
      `StudyDate=20260101-20261231&limit=25&${FIELDS}`,
    ],
    [{ studyDateFrom: '2026-01-01' }, `StudyDate=20260101-&limit=25&${FIELDS}`],
    [{ studyDateTo: '2026-01-01' }, `StudyDate=-20260101&limit=25&${FIELDS}`],
    [
      { patientId: 'SYN*', limit: 100, offset: 200 },
      `PatientID=SYN*&limit=100&offset=200&${FIELDS}`,
    ],
  ])('%j → %s', (criteria, query) => {
    const result = studySearchQuery(criteria);
    expect('query' in result && decodeURIComponent(result.query.toString())).toBe(query);
  });

  it('never searches the whole archive', () => {
    expect(studySearchQuery({ modality: 'CT' })).toEqual({
      problem: {
        field: 'patientId',
        message: 'search by patientId, accessionNumber or a study date range',
      },
    });
    expect(studySearchQuery({})).toHaveProperty('problem');
  });

  it('refuses a date range that runs backwards', () => {
    expect(studySearchQuery({ studyDateFrom: '2026-02-01', studyDateTo: '2026-01-01' })).toEqual({
      problem: { field: 'studyDateTo', message: 'studyDateTo must not be before studyDateFrom' },
    });
  });

  it('reads one study by its UID', () => {
    expect(decodeURIComponent(studyDetailsQuery('1.2.3').toString())).toBe(
      `StudyInstanceUID=1.2.3&limit=2&${FIELDS}`,
    );
  });
});
