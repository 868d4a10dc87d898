/** The part of dcmjs 0.51 the synthetic DICOM generator uses (the package ships no types). */
declare module 'dcmjs' {
  export namespace data {
    type NaturalDataset = Record<string, unknown>;
    type DenaturalizedDataset = Record<string, unknown>;
    class DicomMetaDictionary {
      static denaturalizeDataset(dataset: NaturalDataset): DenaturalizedDataset;
    }
    class DicomDict {
      constructor(meta: DenaturalizedDataset);
      dict: DenaturalizedDataset;
      write(): ArrayBuffer;
    }
  }
}
