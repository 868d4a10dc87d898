import { randomUUID } from 'node:crypto';
import { data } from 'dcmjs';

/**
 * Synthetic DICOM studies for the tests: pseudonymous, no patient data, with pixel patterns that
 * say which slice they are, so a test (or a browser test comparing canvases) can tell slices
 * apart. Part-10 files, Explicit VR Little Endian, written with dcmjs.
 */
export interface SyntheticInstance {
  sopInstanceUid: string;
  instanceNumber: number;
  /** The Part-10 file. */
  file: Buffer;
  /** The frame's pixel bytes, as stored (little endian). */
  pixels: Buffer;
}

export interface SyntheticSeries {
  seriesInstanceUid: string;
  modality: 'CT' | 'PT';
  description: string;
  rows: number;
  columns: number;
  instances: SyntheticInstance[];
}

export interface SyntheticStudy {
  studyInstanceUid: string;
  patientId: string;
  accessionNumber: string;
  /** YYYY-MM-DD */
  studyDate: string;
  description: string;
  series: SyntheticSeries[];
  /** Every Part-10 file of the study, series by series. */
  files(): Buffer[];
}

export interface SyntheticStudyOptions {
  patientId?: string;
  accessionNumber?: string;
  /** YYYY-MM-DD */
  studyDate?: string;
  description?: string;
  /** Slices of the CT series (default 64). */
  ctSlices?: number;
  /** Rows and columns of the CT series (default 256, at most 256). */
  ctSize?: number;
  /** Slices of the PET series (default 16; 0: none). */
  petSlices?: number;
}

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const PET_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.128';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const SLICE_THICKNESS_MM = 5;

/** `2.25.<128-bit decimal>`: a UID nobody else has, with room for our suffixes. */
export function syntheticUidRoot(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/**
 * The CT pattern, as stored values (HU = stored − 1024): air outside a body disc of water (HU 0)
 * holding a bone-dense core (HU 1000) whose radius grows with the slice, and along the top a row
 * of eight blocks that spell the slice index in binary (HU 1000 for a 1, air for a 0).
 */
export function ctStoredValue(slice: number, x: number, y: number, size: number): number {
  const block = Math.max(2, Math.floor(size / 16));
  if (y >= block && y < 2 * block && x >= block && x < 9 * block) {
    const bit = 7 - Math.floor((x - block) / block);
    return (slice >> bit) & 1 ? 2024 : 0;
  }
  const centre = (size - 1) / 2;
  const distance = Math.hypot(x - centre, y - centre);
  if (distance >= size * 0.4) return 0;
  return distance < size * (0.05 + (0.3 * (slice % 32)) / 32) ? 2024 : 1024;
}

/** The PET pattern (unsigned): a hot spot that moves across the field from slice to slice. */
export function petStoredValue(slice: number, x: number, y: number, size: number): number {
  const spotX = ((slice + 1) * size) / 18;
  const distance = Math.hypot(x - spotX, y - size / 2);
  return distance < size / 10 ? 4000 : 100 + ((x + y) % 50);
}

export function syntheticStudy(options: SyntheticStudyOptions = {}): SyntheticStudy {
  const root = syntheticUidRoot();
  const study = {
    studyInstanceUid: `${root}.1`,
    patientId: options.patientId ?? `SYN-${randomUUID().slice(0, 8).toUpperCase()}`,
    accessionNumber: options.accessionNumber ?? `ACC${Date.now() % 10_000_000}`,
    studyDate: options.studyDate ?? '2026-01-15',
    description: options.description ?? 'Synthetic PET/CT chest',
  };
  const frameOfReference = `${root}.3`;
  const ctSize = Math.min(options.ctSize ?? 256, 256);
  const series: SyntheticSeries[] = [
    buildSeries({
      study,
      frameOfReference,
      seriesInstanceUid: `${root}.2.1`,
      seriesNumber: 1,
      modality: 'CT',
      description: 'CT axial 5 mm',
      slices: options.ctSlices ?? 64,
      size: ctSize,
      signed: true,
      value: ctStoredValue,
      extra: {
        RescaleIntercept: -1024,
        RescaleSlope: 1,
        RescaleType: 'HU',
        WindowCenter: 40,
        WindowWidth: 400,
        KVP: 120,
      },
    }),
  ];
  const petSlices = options.petSlices ?? 16;
  if (petSlices > 0) {
    series.push(
      buildSeries({
        study,
        frameOfReference,
        seriesInstanceUid: `${root}.2.2`,
        seriesNumber: 2,
        modality: 'PT',
        description: 'PET whole body',
        slices: petSlices,
        size: 128,
        signed: false,
        value: petStoredValue,
        extra: {
          RescaleIntercept: 0,
          RescaleSlope: 0.5,
          Units: 'BQML',
          WindowCenter: 1000,
          WindowWidth: 2000,
        },
      }),
    );
  }
  return { ...study, series, files: () => series.flatMap((s) => s.instances.map((i) => i.file)) };
}

interface SeriesPlan {
  study: Omit<SyntheticStudy, 'series' | 'files'>;
  frameOfReference: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  modality: 'CT' | 'PT';
  description: string;
  slices: number;
  size: number;
  signed: boolean;
  value: (slice: number, x: number, y: number, size: number) => number;
  extra: Record<string, unknown>;
}

function buildSeries(plan: SeriesPlan): SyntheticSeries {
  const instances = Array.from({ length: plan.slices }, (_, slice) => buildInstance(plan, slice));
  return {
    seriesInstanceUid: plan.seriesInstanceUid,
    modality: plan.modality,
    description: plan.description,
    rows: plan.size,
    columns: plan.size,
    instances,
  };
}

function buildInstance(plan: SeriesPlan, slice: number): SyntheticInstance {
  const { size, study } = plan;
  const sopInstanceUid = `${plan.seriesInstanceUid}.${slice + 1}`;
  const pixels = plan.signed ? new Int16Array(size * size) : new Uint16Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) pixels[y * size + x] = plan.value(slice, x, y, size);
  const sopClassUid = plan.modality === 'CT' ? CT_IMAGE_STORAGE : PET_IMAGE_STORAGE;
  const dataset = {
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: plan.seriesInstanceUid,
    FrameOfReferenceUID: plan.frameOfReference,
    PatientID: study.patientId,
    PatientName: 'Synthetic^Phantom',
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyDate: study.studyDate.replace(/-/g, ''),
    StudyTime: '120000',
    AccessionNumber: study.accessionNumber,
    StudyID: '1',
    ReferringPhysicianName: '',
    StudyDescription: study.description,
    SeriesDescription: plan.description,
    Modality: plan.modality,
    SeriesNumber: String(plan.seriesNumber),
    InstanceNumber: String(slice + 1),
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    ImagePositionPatient: [-(size - 1) / 2, -(size - 1) / 2, -slice * SLICE_THICKNESS_MM],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    SliceLocation: -slice * SLICE_THICKNESS_MM,
    SliceThickness: SLICE_THICKNESS_MM,
    PixelSpacing: [1, 1],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: size,
    Columns: size,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: plan.signed ? 1 : 0,
    ...plan.extra,
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: '2.25.329800735698586629295641978511506172918',
    ImplementationVersionName: 'TB-SYNTHETIC',
  };
  const dict = new data.DicomDict(data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return {
    sopInstanceUid,
    instanceNumber: slice + 1,
    file: Buffer.from(dict.write()),
    pixels: Buffer.from(pixels.buffer),
  };
}
