import { SecondOpinionRecordView, SecondOpinionType } from '@app/contracts';
import { RecordKind } from '@app/cases';
import { SecondOpinionRecordRow } from './second-opinion-record.repository';

export interface RequiredRecord {
  kind: RecordKind;
  label: string;
}

const PATHOLOGY: RequiredRecord = { kind: 'pathology_report', label: 'Pathology report' };
const RADIOLOGY: RequiredRecord = { kind: 'radiology_report', label: 'Radiology report(s)' };
const NOTE: RequiredRecord = {
  kind: 'clinical_note',
  label: 'Clinical summary or referral letter with the proposed treatment',
};

/**
 * The records a second opinion of each type cannot do without. An imaging
 * study itself travels as a DICOM reference the coordinator records; what
 * the referrer uploads are the reports and letters.
 */
const CHECKLISTS: Record<SecondOpinionType, RequiredRecord[]> = {
  diagnosis_review: [PATHOLOGY, RADIOLOGY, NOTE],
  treatment_plan: [PATHOLOGY, RADIOLOGY, NOTE],
  pathology_review: [PATHOLOGY, NOTE],
  imaging_review: [RADIOLOGY, NOTE],
};

export function recordChecklist(type: SecondOpinionType): RequiredRecord[] {
  return CHECKLISTS[type];
}

/**
 * Records that may state the first team's conclusion (the referral letter, anything
 * unclassified): a reviewer opens them only once their own assessment is submitted, like the
 * first opinion itself. Coordinators always may.
 */
export const FIRST_OPINION_RECORD_KINDS: readonly RecordKind[] = Object.freeze([
  'clinical_note',
  'other',
]);

/** Whether a record of `kind` is withheld from a reader who is still blinded to the first opinion. */
export function withheldWhileBlinded(kind: string, blinded: boolean): boolean {
  return blinded && (FIRST_OPINION_RECORD_KINDS as readonly string[]).includes(kind);
}

/** A record as shown; a withheld one keeps its title and file name to itself. */
export function toRecordView(
  row: SecondOpinionRecordRow,
  withheld: boolean,
): SecondOpinionRecordView {
  return {
    id: row.id,
    kind: row.kind,
    title: withheld ? 'Withheld until your own assessment is submitted' : row.title,
    fileName: withheld ? '' : row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    receivedAt: new Date(row.received_at).toISOString(),
    uploadLinkId: row.upload_link_id,
    withheld,
  };
}
