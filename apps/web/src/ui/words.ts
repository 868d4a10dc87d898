import { BoardRole, Specialty } from '@app/contracts';

/** Display words for the API's stable values, written once. */
export const SPECIALTY_LABELS: Record<Specialty, string> = {
  [Specialty.MedicalOncology]: 'Medical oncology',
  [Specialty.RadiationOncology]: 'Radiation oncology',
  [Specialty.SurgicalOncology]: 'Surgical oncology',
  [Specialty.Pathology]: 'Pathology',
  [Specialty.Radiology]: 'Radiology',
  [Specialty.NuclearMedicine]: 'Nuclear medicine',
  [Specialty.Genetics]: 'Genetics',
  [Specialty.PalliativeCare]: 'Palliative care',
  [Specialty.OncologyNursing]: 'Oncology nursing',
  [Specialty.Pharmacy]: 'Pharmacy',
  [Specialty.Other]: 'Other',
};

export const ROLE_LABELS: Record<BoardRole, string> = {
  [BoardRole.Coordinator]: 'Coordinator',
  [BoardRole.Chair]: 'Chair',
  [BoardRole.Presenter]: 'Presenter',
  [BoardRole.Panelist]: 'Panelist',
  [BoardRole.Observer]: 'Observer',
};

export const SPECIALTY_OPTIONS = Object.values(Specialty).map((id) => ({
  id,
  label: SPECIALTY_LABELS[id],
}));

export const ROLE_OPTIONS = Object.values(BoardRole).map((id) => ({ id, label: ROLE_LABELS[id] }));

export function specialtyLabel(value: string): string {
  return SPECIALTY_LABELS[value as Specialty] ?? value;
}

export function roleLabel(value: string | null | undefined): string {
  return value ? (ROLE_LABELS[value as BoardRole] ?? value) : 'Administrator';
}

export const CASE_STATUS_LABELS: Record<
  string,
  { label: string; tone: 'neutral' | 'info' | 'success' | 'warning' | 'danger' }
> = {
  draft: { label: 'In preparation', tone: 'warning' },
  ready: { label: 'Ready', tone: 'success' },
  scheduled: { label: 'On an agenda', tone: 'info' },
  discussed: { label: 'Discussed', tone: 'neutral' },
  recommendation_published: { label: 'Recommendation published', tone: 'success' },
  deferred: { label: 'Deferred', tone: 'warning' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral' },
};

/** An agenda item's status, the same on the agenda builder and in the meeting room. */
export const AGENDA_ITEM_STATUS_LABELS: Record<
  'pending' | 'in_discussion' | 'discussed' | 'deferred',
  { label: string; tone: 'neutral' | 'info' | 'success' | 'warning' }
> = {
  pending: { label: 'To discuss', tone: 'neutral' },
  in_discussion: { label: 'In discussion', tone: 'info' },
  discussed: { label: 'Discussed', tone: 'success' },
  deferred: { label: 'Deferred', tone: 'warning' },
};

export const PRIORITY_LABELS: Record<string, string> = {
  routine: 'Routine',
  urgent: 'Urgent',
  emergent: 'Emergent',
};

/** "4.2 MB", "830 KB": sizes as people read them (1 MB = 1024 × 1024 bytes, like the server's limit). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

/** A record's file type in words: "PDF", "PNG image", "JPEG image". */
export function fileTypeName(contentType: string): string {
  if (contentType === 'application/pdf') return 'PDF';
  if (contentType === 'image/png') return 'PNG image';
  if (contentType === 'image/jpeg') return 'JPEG image';
  return contentType;
}
