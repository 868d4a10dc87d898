import type { ImagingStudyMatch } from '@app/contracts';

/**
 * Reading the DICOM JSON model (PS3.18 F.2) the PACS answers with: datasets keyed by tag
 * (`"00080020": { "vr": "DA", "Value": ["20260101"] }`).
 */
export type DicomDataset = Record<string, DicomElement | undefined>;
export interface DicomElement {
  vr?: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** Retrieve URL (0008,1190): the PACS's own address of a study, series or instance. */
const RETRIEVE_URL = '00081190';
const BULK_DATA_URI = 'BulkDataURI';

/**
 * The answer without the PACS's own URLs (its address, sometimes with its internal host name):
 * every Retrieve URL (0008,1190) and every BulkDataURI, at any depth of sequences. The viewer
 * builds its frame URLs from the UIDs through the proxy, and never needs them.
 */
export function withoutUpstreamUrls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUpstreamUrls);
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === RETRIEVE_URL || key === BULK_DATA_URI) continue;
    kept[key] = withoutUpstreamUrls(item);
  }
  return kept;
}

export const STUDY_TAGS = {
  studyDate: '00080020',
  accessionNumber: '00080050',
  modalitiesInStudy: '00080061',
  studyDescription: '00081030',
  patientId: '00100020',
  studyInstanceUid: '0020000D',
  seriesCount: '00201206',
  instanceCount: '00201208',
} as const;

/** Attributes a study search asks the PACS for besides its defaults. */
export const STUDY_SEARCH_FIELDS = [
  STUDY_TAGS.studyDescription,
  STUDY_TAGS.modalitiesInStudy,
  STUDY_TAGS.seriesCount,
  STUDY_TAGS.instanceCount,
];

function values(dataset: DicomDataset, tag: string): unknown[] {
  const element = dataset[tag];
  return element && Array.isArray(element.Value) ? element.Value : [];
}

function text(dataset: DicomDataset, tag: string): string {
  const first = values(dataset, tag)[0];
  return typeof first === 'string' ? first.trim() : '';
}

function count(dataset: DicomDataset, tag: string): number | null {
  const first = values(dataset, tag)[0];
  const number = typeof first === 'string' ? Number(first.trim()) : first;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : null;
}

/** A DA value (`YYYYMMDD`) as `YYYY-MM-DD`; null when absent or not a calendar date. */
export function isoDate(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** One study of a search answer, or null when it carries no StudyInstanceUID. */
export function studyMatch(sourceId: string, dataset: DicomDataset): ImagingStudyMatch | null {
  const studyInstanceUid = text(dataset, STUDY_TAGS.studyInstanceUid);
  if (!studyInstanceUid) return null;
  return {
    sourceId,
    studyInstanceUid,
    studyDate: isoDate(text(dataset, STUDY_TAGS.studyDate)),
    description: text(dataset, STUDY_TAGS.studyDescription),
    modalities: values(dataset, STUDY_TAGS.modalitiesInStudy).filter(
      (modality): modality is string => typeof modality === 'string' && modality !== '',
    ),
    accessionNumber: text(dataset, STUDY_TAGS.accessionNumber),
    patientId: text(dataset, STUDY_TAGS.patientId),
    seriesCount: count(dataset, STUDY_TAGS.seriesCount),
    instanceCount: count(dataset, STUDY_TAGS.instanceCount),
  };
}

/** Modalities of documents and presentation objects rather than images. */
const NOT_IMAGES = new Set(['SR', 'KO', 'PR', 'DOC', 'SEG', 'REG', 'RTSTRUCT', 'RTPLAN']);

/** The modality a study is known by: its first imaging modality (CT of a CT with an SR), else OT. */
export function mainModality(modalities: readonly string[]): string {
  return (
    modalities.find((modality) => !NOT_IMAGES.has(modality)) ??
    modalities.find((modality) => /^[A-Z]{2,4}$/.test(modality)) ??
    'OT'
  );
}
