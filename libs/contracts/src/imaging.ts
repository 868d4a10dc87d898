/**
 * A DICOMweb source (a PACS or vendor-neutral archive) the server reads imaging from. Only its
 * id and name reach clients: its address and credentials stay on the server.
 */
export interface ImagingSourceView {
  id: string;
  name: string;
  /** The source searched and read when none is named (references entered by hand). */
  isDefault: boolean;
}

/** One study a PACS search found, as offered for linking to a case. */
export interface ImagingStudyMatch {
  sourceId: string;
  studyInstanceUid: string;
  /** YYYY-MM-DD, or null when the PACS has no study date. */
  studyDate: string | null;
  description: string;
  /** The modalities in the study (CT, MR, PT…). */
  modalities: string[];
  accessionNumber: string;
  /** The PACS's patient id, which the search was made with. */
  patientId: string;
  seriesCount: number | null;
  instanceCount: number | null;
}

/**
 * The DICOMweb source a board's PACS searches use: the board's own choice, or the deployment's
 * default source when it has none, or when the source it chose is no longer configured.
 */
export interface BoardImagingSourceView {
  boardId: string;
  /** The source id the board chose; null when it uses the default source. */
  sourceId: string | null;
  /**
   * False when the chosen source is no longer configured on this server: `source` is then the
   * default until the board chooses again. True when the board has no choice of its own.
   */
  configured: boolean;
  /** The source the board's searches use; null when this server has no source at all. */
  source: ImagingSourceView | null;
}
