import { isoDate, mainModality, studyMatch, withoutUpstreamUrls } from './dicom-json';
import { isDicomUid } from './dicom-uid';

describe('DICOM JSON from the PACS', () => {
  it('takes out every Retrieve URL and BulkDataURI, at any depth, and keeps the rest', () => {
    const answer = [
      {
        '0020000D': { vr: 'UI', Value: ['1.2.3'] },
        '00081190': { vr: 'UR', Value: ['http://orthanc.internal:8042/dicom-web/studies/1.2.3'] },
        '7FE00010': { vr: 'OW', BulkDataURI: 'http://orthanc.internal:8042/dicom-web/…/bulk' },
        '00081115': {
          vr: 'SQ',
          Value: [
            {
              '00081190': { vr: 'UR', Value: ['http://orthanc.internal/series'] },
              '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
            },
          ],
        },
        '00281050': { vr: 'DS', Value: [40] },
        '00420011': { vr: 'OB', InlineBinary: 'AAEC' },
      },
    ];
    expect(withoutUpstreamUrls(answer)).toEqual([
      {
        '0020000D': { vr: 'UI', Value: ['1.2.3'] },
        '7FE00010': { vr: 'OW' },
        '00081115': { vr: 'SQ', Value: [{ '0020000E': { vr: 'UI', Value: ['1.2.3.4'] } }] },
        '00281050': { vr: 'DS', Value: [40] },
        '00420011': { vr: 'OB', InlineBinary: 'AAEC' },
      },
    ]);
    expect(JSON.stringify(withoutUpstreamUrls(answer))).not.toContain('orthanc.internal');
  });

  it('leaves values that are not datasets as they are', () => {
    expect(withoutUpstreamUrls(null)).toBeNull();
    expect(withoutUpstreamUrls('x')).toBe('x');
    expect(withoutUpstreamUrls([1, [2]])).toEqual([1, [2]]);
  });

  it('reads a study of a search answer', () => {
    expect(
      studyMatch('pacs', {
        '00080020': { vr: 'DA', Value: ['20260115'] },
        '00080050': { vr: 'SH', Value: ['ACC1 '] },
        '00080061': { vr: 'CS', Value: ['CT', 'PT'] },
        '00081030': { vr: 'LO', Value: ['PET/CT'] },
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Synthetic^Phantom' }] },
        '00100020': { vr: 'LO', Value: ['SYN-1'] },
        '0020000D': { vr: 'UI', Value: ['1.2.3'] },
        '00201206': { vr: 'IS', Value: [2] },
        '00201208': { vr: 'IS', Value: ['80'] },
      }),
    ).toEqual({
      sourceId: 'pacs',
      studyInstanceUid: '1.2.3',
      studyDate: '2026-01-15',
      description: 'PET/CT',
      modalities: ['CT', 'PT'],
      accessionNumber: 'ACC1',
      patientId: 'SYN-1',
      seriesCount: 2,
      instanceCount: 80,
    });
  });

  it('reads what a study lacks as empty, and skips one without a UID', () => {
    expect(studyMatch('pacs', { '0020000D': { vr: 'UI', Value: ['1.2'] } })).toEqual({
      sourceId: 'pacs',
      studyInstanceUid: '1.2',
      studyDate: null,
      description: '',
      modalities: [],
      accessionNumber: '',
      patientId: '',
      seriesCount: null,
      instanceCount: null,
    });
    expect(studyMatch('pacs', { '00081030': { vr: 'LO', Value: ['x'] } })).toBeNull();
  });

  it.each([
    ['20260115', '2026-01-15'],
    ['20240229', '2024-02-29'],
    ['20230229', null],
    ['20261301', null],
    ['2026-01-15', null],
    ['', null],
  ])('reads the DA value %j as %j', (value, expected) => {
    expect(isoDate(value)).toBe(expected);
  });

  it.each([
    [['CT', 'PT'], 'CT'],
    [['SR', 'MR'], 'MR'],
    [['SR'], 'SR'],
    [[], 'OT'],
    [['KO', 'PR'], 'KO'],
  ])('names a study of %j a %s study', (modalities, expected) => {
    expect(mainModality(modalities)).toBe(expected);
  });

  it.each([
    ['1.2.840.10008.5.1.4.1.1.2', true],
    ['2.25.329800735698586629295641978511506172918', true],
    ['1.2.03', true],
    ['1', true],
    ['1..2', false],
    ['.1.2', false],
    ['1.2.', false],
    ['1.2.a', false],
    ['1.2/../3', false],
    ['', false],
    [`1.${'2'.repeat(62)}`, true],
    [`1.${'2'.repeat(63)}`, false],
    [12, false],
  ])('takes %j for a UID: %s', (value, expected) => {
    expect(isDicomUid(value)).toBe(expected);
  });
});
