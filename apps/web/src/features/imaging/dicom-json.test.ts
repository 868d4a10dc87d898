import { describe, expect, it } from 'vitest';
import {
  dicomDate,
  edgeLabels,
  patientDirection,
  orderInstances,
  seriesEntries,
  seriesFacts,
  sliceSpacing,
  TAG,
  type DicomDataset,
} from './dicom-json';

function slice(instanceNumber: number, z: number | null, extra: DicomDataset = {}): DicomDataset {
  return {
    [TAG.sopInstanceUid]: { vr: 'UI', Value: [`1.2.${instanceNumber}`] },
    [TAG.instanceNumber]: { vr: 'IS', Value: [instanceNumber] },
    ...(z === null
      ? {}
      : {
          [TAG.imagePositionPatient]: { vr: 'DS', Value: [-127.5, -127.5, z] },
          [TAG.imageOrientationPatient]: { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
        }),
    ...extra,
  };
}

const uid = (dataset: DicomDataset) => dataset[TAG.sopInstanceUid]?.Value?.[0];

describe('DICOM JSON', () => {
  it('orders axial slices head first by position, whatever their instance numbers', () => {
    const ordered = orderInstances([slice(1, -10), slice(2, 0), slice(3, -5)]);
    expect(ordered.map(uid)).toEqual(['1.2.2', '1.2.3', '1.2.1']);
    expect(sliceSpacing(ordered)).toBe(5);
  });

  it('falls back to instance numbers when a slice has no position', () => {
    expect(orderInstances([slice(3, null), slice(1, 0), slice(2, null)]).map(uid)).toEqual([
      '1.2.1',
      '1.2.2',
      '1.2.3',
    ]);
  });

  it('reads the study facts, never the patient', () => {
    const first = slice(1, 0, {
      [TAG.modality]: { vr: 'CS', Value: ['CT'] },
      [TAG.studyDescription]: { vr: 'LO', Value: ['Synthetic PET/CT chest'] },
      [TAG.studyDate]: { vr: 'DA', Value: ['20260115'] },
      [TAG.seriesDescription]: { vr: 'LO', Value: ['CT axial 5 mm'] },
      [TAG.sliceThickness]: { vr: 'DS', Value: ['5'] },
      [TAG.rows]: { vr: 'US', Value: [256] },
      [TAG.columns]: { vr: 'US', Value: [256] },
      [TAG.pixelSpacing]: { vr: 'DS', Value: [0.7, 0.7] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Synthetic^Phantom' }] },
    });
    const facts = seriesFacts([first, slice(2, -5)]);
    expect(facts).toEqual({
      modality: 'CT',
      studyDescription: 'Synthetic PET/CT chest',
      studyDate: '2026-01-15',
      seriesDescription: 'CT axial 5 mm',
      sliceThickness: 5,
      sliceSpacing: 5,
      rows: 256,
      columns: 256,
      pixelSpacing: [0.7, 0.7],
      edges: { top: 'A', bottom: 'P', left: 'R', right: 'L' },
    });
    expect(JSON.stringify(facts)).not.toContain('Phantom');
  });

  it('lists series by number', () => {
    const entries = seriesEntries([
      {
        [TAG.seriesInstanceUid]: { vr: 'UI', Value: ['1.2.2'] },
        [TAG.modality]: { vr: 'CS', Value: ['PT'] },
        [TAG.seriesNumber]: { vr: 'IS', Value: [2] },
        [TAG.numberOfSeriesRelatedInstances]: { vr: 'IS', Value: [16] },
      },
      {
        [TAG.seriesInstanceUid]: { vr: 'UI', Value: ['1.2.1'] },
        [TAG.modality]: { vr: 'CS', Value: ['CT'] },
        [TAG.seriesDescription]: { vr: 'LO', Value: ['CT axial 5 mm'] },
        [TAG.seriesNumber]: { vr: 'IS', Value: ['1'] },
      },
      { [TAG.modality]: { vr: 'CS', Value: ['SR'] } },
    ]);
    expect(entries).toEqual([
      {
        seriesInstanceUid: '1.2.1',
        modality: 'CT',
        description: 'CT axial 5 mm',
        seriesNumber: 1,
        instanceCount: null,
      },
      {
        seriesInstanceUid: '1.2.2',
        modality: 'PT',
        description: '',
        seriesNumber: 2,
        instanceCount: 16,
      },
    ]);
  });

  it('names the edges of axial, coronal and oblique images', () => {
    expect(edgeLabels([1, 0, 0, 0, 0, -1])).toEqual({
      top: 'H',
      bottom: 'F',
      left: 'R',
      right: 'L',
    });
    expect(patientDirection([0.8, 0.6, 0])).toBe('LP');
    expect(patientDirection([-0.2, 0, -1])).toBe('F');
    expect(edgeLabels(null)).toBeNull();
  });

  it('reads DICOM dates', () => {
    expect(dicomDate('20260115')).toBe('2026-01-15');
    expect(dicomDate('2026')).toBeNull();
    expect(dicomDate(null)).toBeNull();
  });
});
