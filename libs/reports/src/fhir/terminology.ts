/* The code systems, profiles and codes of the bundle, after mCODE STU4 and FHIR R4. */

import { TreatmentModality } from '@app/contracts';
import { ordinal } from '../report-words';
import { FhirCodeableConcept, FhirCoding } from './types';

export const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';
const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const RFC3986 = 'urn:ietf:rfc:3986';
/** Where the board's pseudonymous patient references live. */
export const PATIENT_REFERENCE_SYSTEM = 'urn:tumor-board:patient-ref';

export const PSEUDONYMISED: FhirCoding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'PSEUDED',
  display: 'pseudonymized',
};

export const ACTIVE = concept(
  'http://terminology.hl7.org/CodeSystem/condition-clinical',
  'active',
  'Active',
);
export const CONFIRMED = concept(
  'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  'confirmed',
  'Confirmed',
);
export const PROBLEM_LIST_ITEM = concept(
  'http://terminology.hl7.org/CodeSystem/condition-category',
  'problem-list-item',
  'Problem List Item',
);
export const SURVEY = concept(
  'http://terminology.hl7.org/CodeSystem/observation-category',
  'survey',
  'Survey',
);
export const AUTHOR_PARTICIPANT = concept(
  'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  'author',
  'Author',
);

export const AUTHOR_SIGNATURE: FhirCoding = {
  system: 'urn:iso-astm:E1762-95:2013',
  code: '1.2.840.10065.1.12.1.1',
  display: "Author's Signature",
};

export type StagingPhase = 'clinical' | 'pathological';
export type TnmPart = 'stageGroup' | 't' | 'n' | 'm';

export const TNM_PARTS: readonly TnmPart[] = ['stageGroup', 't', 'n', 'm'];

export const TNM_PROFILES: Record<TnmPart, string> = {
  stageGroup: `${MCODE}mcode-tnm-stage-group`,
  t: `${MCODE}mcode-tnm-primary-tumor-category`,
  n: `${MCODE}mcode-tnm-regional-nodes-category`,
  m: `${MCODE}mcode-tnm-distant-metastases-category`,
};

/** SNOMED CT observables for each TNM element, as preferred by mCODE STU4. */
export const TNM_CODES: Record<StagingPhase, Record<TnmPart, FhirCoding>> = {
  clinical: {
    stageGroup: snomed('399537006', 'Clinical TNM stage grouping'),
    t: snomed('399504009', 'cT category'),
    n: snomed('399534004', 'cN category'),
    m: snomed('399387003', 'cM category'),
  },
  pathological: {
    stageGroup: snomed('399588009', 'Pathologic TNM stage grouping'),
    t: snomed('384625004', 'pT category'),
    n: snomed('371494008', 'pN category'),
    m: snomed('371497001', 'pM category'),
  },
};

export const TNM_PART_WORDS: Record<TnmPart, string> = {
  stageGroup: 'stage group',
  t: 'primary tumor (T)',
  n: 'regional nodes (N)',
  m: 'distant metastases (M)',
};

const AJCC_8TH_EDITION = snomed(
  '897275008',
  'American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm staging system (tumor staging)',
);

/** What each modality asks for; text only where no code was certain enough to send. */
export const MODALITY_CODES: Record<TreatmentModality, FhirCodeableConcept> = {
  surgery: { coding: [snomed('387713003', 'Surgical procedure')], text: 'Surgery' },
  radiotherapy: {
    coding: [snomed('1287742003', 'Radiotherapy (procedure)')],
    text: 'Radiotherapy',
  },
  systemic_therapy: { text: 'Systemic anticancer therapy' },
  active_surveillance: {
    coding: [snomed('424313000', 'Active surveillance (regime/therapy)')],
    text: 'Active surveillance',
  },
  best_supportive_care: { text: 'Best supportive care' },
  clinical_trial: {
    coding: [snomed('709491003', 'Enrollment in clinical trial')],
    text: 'Clinical trial enrolment',
  },
};

/** The AJCC manual a stage was assigned with: coded for the 8th edition, in words otherwise. */
export function stagingMethod(edition: number): FhirCodeableConcept {
  return edition === 8
    ? { coding: [AJCC_8TH_EDITION], text: 'AJCC Cancer Staging Manual, 8th edition' }
    : { text: `AJCC Cancer Staging Manual, ${ordinal(edition)} edition` };
}

function concept(system: string, code: string, display: string): FhirCodeableConcept {
  return { coding: [{ system, code, display }] };
}

function snomed(code: string, display: string): FhirCoding {
  return { system: SNOMED, code, display };
}
