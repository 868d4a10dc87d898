/**
 * Reading the DICOM JSON model (PS3.18 F.2) the proxy relays: a few typed getters, the order of a
 * series' instances, and the study facts the viewer shows. Only what the board's pseudonymous view
 * needs is read; patient name, id, birth date and the like are never looked at.
 */

export interface DicomAttribute {
  vr: string;
  Value?: unknown[];
}

export type DicomDataset = Record<string, DicomAttribute | undefined>;

export const TAG = {
  studyDate: '00080020',
  modality: '00080060',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  sopInstanceUid: '00080018',
  sliceThickness: '00180050',
  spacingBetweenSlices: '00180088',
  seriesInstanceUid: '0020000E',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
  imagePositionPatient: '00200032',
  imageOrientationPatient: '00200037',
  numberOfSeriesRelatedInstances: '00201209',
  rows: '00280010',
  columns: '00280011',
  pixelSpacing: '00280030',
  numberOfFrames: '00280008',
} as const;

export function text(dataset: DicomDataset, tag: string): string | null {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

export function number(dataset: DicomDataset, tag: string, at = 0): number | null {
  const value = dataset[tag]?.Value?.[at];
  const parsed =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

export function numbers(dataset: DicomDataset, tag: string): number[] | null {
  const values = dataset[tag]?.Value;
  if (!values || values.length === 0) return null;
  const parsed = values.map((value) => (typeof value === 'string' ? Number(value) : value));
  return parsed.every(
    (value): value is number => typeof value === 'number' && Number.isFinite(value),
  )
    ? parsed
    : null;
}

/** YYYYMMDD → YYYY-MM-DD (null when it is not a date). */
export function dicomDate(value: string | null): string | null {
  const match = value ? /^(\d{4})(\d{2})(\d{2})$/.exec(value) : null;
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** Where a slice lies along the stack's normal (its position projected on row × column). */
function slicePosition(dataset: DicomDataset): number | null {
  const position = numbers(dataset, TAG.imagePositionPatient);
  const orientation = numbers(dataset, TAG.imageOrientationPatient);
  if (!position || position.length !== 3 || !orientation || orientation.length !== 6) return null;
  const [rx, ry, rz, cx, cy, cz] = orientation as [number, number, number, number, number, number];
  const normal = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  return position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]!;
}

/**
 * A series' instances in reading order: by position along the stack when every slice has one
 * (head first: the highest position first for axial slices), else by instance number.
 */
export function orderInstances(instances: readonly DicomDataset[]): DicomDataset[] {
  const positions = instances.map(slicePosition);
  if (positions.every((position) => position !== null)) {
    return instances
      .map((dataset, i) => ({ dataset, position: positions[i]! }))
      .sort((a, b) => b.position - a.position)
      .map(({ dataset }) => dataset);
  }
  return [...instances].sort(
    (a, b) => (number(a, TAG.instanceNumber) ?? 0) - (number(b, TAG.instanceNumber) ?? 0),
  );
}

/** The distance between neighbouring slices of an ordered stack, in mm (null if unknown). */
export function sliceSpacing(ordered: readonly DicomDataset[]): number | null {
  const stated = ordered[0] ? number(ordered[0], TAG.spacingBetweenSlices) : null;
  if (stated !== null) return stated;
  if (ordered.length < 2) return null;
  const first = slicePosition(ordered[0]!);
  const second = slicePosition(ordered[1]!);
  if (first === null || second === null) return null;
  return Math.round(Math.abs(first - second) * 100) / 100;
}

/** Which way the screen's edges face in the patient: the letters a reader expects at each edge. */
export interface EdgeLabels {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

/**
 * The patient direction a vector points to, in DICOM's patient system (LPS: +x left, +y posterior,
 * +z head): its main components, largest first ("L", or "LP" for an oblique).
 */
export function patientDirection([x, y, z]: readonly [number, number, number]): string {
  const axes: Array<[number, string]> = [
    [x, x > 0 ? 'L' : 'R'],
    [y, y > 0 ? 'P' : 'A'],
    [z, z > 0 ? 'H' : 'F'],
  ];
  return axes
    .filter(([value]) => Math.abs(value) > 0.25)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .map(([, letter]) => letter)
    .join('');
}

/** The edge letters of an image with this Image Orientation (Patient), unrotated and unflipped. */
export function edgeLabels(orientation: readonly number[] | null): EdgeLabels | null {
  if (!orientation || orientation.length !== 6) return null;
  const [rx, ry, rz, cx, cy, cz] = orientation as [number, number, number, number, number, number];
  return {
    right: patientDirection([rx, ry, rz]),
    left: patientDirection([-rx, -ry, -rz]),
    bottom: patientDirection([cx, cy, cz]),
    top: patientDirection([-cx, -cy, -cz]),
  };
}

/** One series of the study as the thumbnails list it (from QIDO-RS). */
export interface SeriesEntry {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  seriesNumber: number | null;
  instanceCount: number | null;
}

export function seriesEntries(datasets: readonly DicomDataset[]): SeriesEntry[] {
  return datasets
    .map((dataset) => ({
      seriesInstanceUid: text(dataset, TAG.seriesInstanceUid) ?? '',
      modality: text(dataset, TAG.modality) ?? '',
      description: text(dataset, TAG.seriesDescription) ?? '',
      seriesNumber: number(dataset, TAG.seriesNumber),
      instanceCount: number(dataset, TAG.numberOfSeriesRelatedInstances),
    }))
    .filter((entry) => entry.seriesInstanceUid !== '')
    .sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity));
}

/** The facts shown beside the image: study and series, never the patient. */
export interface SeriesFacts {
  modality: string | null;
  studyDescription: string | null;
  studyDate: string | null;
  seriesDescription: string | null;
  sliceThickness: number | null;
  sliceSpacing: number | null;
  rows: number | null;
  columns: number | null;
  pixelSpacing: [number, number] | null;
  edges: EdgeLabels | null;
}

export function seriesFacts(ordered: readonly DicomDataset[]): SeriesFacts {
  const first = ordered[0] ?? {};
  const spacing = numbers(first, TAG.pixelSpacing);
  return {
    modality: text(first, TAG.modality),
    studyDescription: text(first, TAG.studyDescription),
    studyDate: dicomDate(text(first, TAG.studyDate)),
    seriesDescription: text(first, TAG.seriesDescription),
    sliceThickness: number(first, TAG.sliceThickness),
    sliceSpacing: sliceSpacing(ordered),
    rows: number(first, TAG.rows),
    columns: number(first, TAG.columns),
    pixelSpacing: spacing && spacing.length === 2 ? [spacing[0]!, spacing[1]!] : null,
    edges: edgeLabels(numbers(first, TAG.imageOrientationPatient)),
  };
}
