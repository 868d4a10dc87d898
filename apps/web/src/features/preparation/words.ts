import type { Schemas } from '../../api/types';
import { specialtyLabel } from '../../ui/words';

export type PreparationKind = Schemas['PreparationKind'];
export type PreparationStatus = Schemas['PreparationStatus'];
export type WorklistFilter = Schemas['PreparationWorklistFilter'];

/** Display words for preparation requests (keyed by the generated types, so none is missed). */
export const KIND_LABELS: Record<PreparationKind, string> = {
  imaging_review: 'Imaging review',
  pathology_review: 'Pathology slide review',
  specialty_review: 'Specialty review',
};

export const STATUS_LABELS: Record<
  PreparationStatus,
  { label: string; tone: 'warning' | 'success' | 'neutral' }
> = {
  open: { label: 'Open', tone: 'warning' },
  done: { label: 'Done', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const FILTER_LABELS: Record<WorklistFilter, string> = {
  open: 'Still to do',
  done: 'Done',
  all: 'Everything',
};

/** "Radiology: imaging review". */
export function requestTitle(request: { specialty: string; kind: PreparationKind }): string {
  return `${specialtyLabel(request.specialty)}: ${KIND_LABELS[request.kind].toLowerCase()}`;
}
