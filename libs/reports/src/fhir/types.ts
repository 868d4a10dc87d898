import { PatientSex } from '@app/contracts';

/** A FHIR R4 Coding. */
export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}

/** A FHIR R4 CodeableConcept. */
export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

/** A reference to another entry of the bundle by its `urn:uuid:` fullUrl, or a logical one. */
export interface FhirReference {
  reference?: string;
  identifier?: FhirIdentifier;
  display?: string;
}

export interface FhirIdentifier {
  system: string;
  value: string;
}

/** Human-readable narrative: an XHTML `div` in the XHTML namespace. */
export interface FhirNarrative {
  status: 'generated';
  div: string;
}

export interface FhirMeta {
  profile?: string[];
  security?: FhirCoding[];
}

export interface FhirExtension {
  url: string;
  valueCode?: string;
  valueDateTime?: string;
}

/** What every resource of the bundle has: its entry id and its narrative. */
interface FhirDomainResource {
  id: string;
  meta?: FhirMeta;
  text: FhirNarrative;
}

/** The pseudonymous patient: identified by the board's patient reference only, never by name or MRN. */
export interface FhirPatient extends FhirDomainResource {
  resourceType: 'Patient';
  identifier: FhirIdentifier[];
  /** A single name that carries no name: data-absent-reason "masked". */
  name: Array<{ extension: FhirExtension[] }>;
  gender: PatientSex;
  birthDate: string;
}

export interface FhirConditionStage {
  summary?: FhirCodeableConcept;
  assessment?: FhirReference[];
  type: FhirCodeableConcept;
}

export interface FhirCondition extends FhirDomainResource {
  resourceType: 'Condition';
  extension?: FhirExtension[];
  clinicalStatus: FhirCodeableConcept;
  verificationStatus: FhirCodeableConcept;
  category: FhirCodeableConcept[];
  code: FhirCodeableConcept;
  bodySite?: FhirCodeableConcept[];
  subject: FhirReference;
  stage?: FhirConditionStage[];
}

export interface FhirObservation extends FhirDomainResource {
  resourceType: 'Observation';
  status: 'final';
  category: FhirCodeableConcept[];
  code: FhirCodeableConcept;
  subject: FhirReference;
  focus: FhirReference[];
  valueCodeableConcept: FhirCodeableConcept;
  method: FhirCodeableConcept;
  hasMember?: FhirReference[];
}

export interface FhirCarePlanActivity {
  detail: {
    kind: 'ServiceRequest';
    code: FhirCodeableConcept;
    status: 'not-started';
    description?: string;
  };
}

export interface FhirCarePlan extends FhirDomainResource {
  resourceType: 'CarePlan';
  identifier: FhirIdentifier[];
  replaces?: FhirReference[];
  status: 'draft' | 'active';
  intent: 'proposal';
  category: FhirCodeableConcept[];
  title: string;
  description: string;
  subject: FhirReference;
  created: string;
  author: FhirReference;
  addresses: FhirReference[];
  activity: FhirCarePlanActivity[];
  note?: Array<{ text: string }>;
}

export interface FhirOrganization extends FhirDomainResource {
  resourceType: 'Organization';
  active: true;
  name: string;
  partOf?: FhirReference;
}

export interface FhirPractitioner extends FhirDomainResource {
  resourceType: 'Practitioner';
  name: Array<{ text: string }>;
}

export interface FhirCompositionSection {
  title: string;
  text: FhirNarrative;
  entry?: FhirReference[];
}

export interface FhirComposition extends FhirDomainResource {
  resourceType: 'Composition';
  status: 'preliminary' | 'final';
  type: FhirCodeableConcept;
  subject: FhirReference;
  date: string;
  author: FhirReference[];
  title: string;
  attester?: Array<{ mode: 'legal'; time: string; party: FhirReference }>;
  relatesTo?: Array<{ code: 'replaces'; targetIdentifier: FhirIdentifier }>;
  section: FhirCompositionSection[];
}

export interface FhirSignature {
  type: FhirCoding[];
  when: string;
  who: FhirReference;
  data: string;
}

export interface FhirProvenance extends FhirDomainResource {
  resourceType: 'Provenance';
  target: FhirReference[];
  recorded: string;
  agent: Array<{ type: FhirCodeableConcept; who: FhirReference; onBehalfOf: FhirReference }>;
  signature: FhirSignature[];
}

export type FhirResource =
  | FhirComposition
  | FhirPatient
  | FhirCondition
  | FhirObservation
  | FhirCarePlan
  | FhirOrganization
  | FhirPractitioner
  | FhirProvenance;

export interface FhirBundleEntry {
  fullUrl: string;
  resource: FhirResource;
}

/** A FHIR R4 document bundle: the Composition first, then every resource it points to. */
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  identifier: FhirIdentifier;
  type: 'document';
  timestamp: string;
  entry: FhirBundleEntry[];
}
