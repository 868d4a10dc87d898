import { createHash } from 'node:crypto';
import {
  CaseDiagnosis,
  PatientSex,
  RecommendationReport,
  Share,
  TnmView,
  TreatmentModality,
} from '@app/contracts';

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

const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const RFC3986 = 'urn:ietf:rfc:3986';
/** Where the board's pseudonymous patient references live. */
export const PATIENT_REFERENCE_SYSTEM = 'urn:tumor-board:patient-ref';
const XHTML = 'http://www.w3.org/1999/xhtml';

const PSEUDONYMISED: FhirCoding = {
  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  code: 'PSEUDED',
  display: 'pseudonymized',
};

const ACTIVE = concept(
  'http://terminology.hl7.org/CodeSystem/condition-clinical',
  'active',
  'Active',
);
const CONFIRMED = concept(
  'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  'confirmed',
  'Confirmed',
);
const PROBLEM_LIST_ITEM = concept(
  'http://terminology.hl7.org/CodeSystem/condition-category',
  'problem-list-item',
  'Problem List Item',
);
const SURVEY = concept(
  'http://terminology.hl7.org/CodeSystem/observation-category',
  'survey',
  'Survey',
);
const AUTHOR_PARTICIPANT = concept(
  'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  'author',
  'Author',
);

const AUTHOR_SIGNATURE: FhirCoding = {
  system: 'urn:iso-astm:E1762-95:2013',
  code: '1.2.840.10065.1.12.1.1',
  display: "Author's Signature",
};

type StagingPhase = 'clinical' | 'pathological';
type TnmPart = 'stageGroup' | 't' | 'n' | 'm';

const TNM_PARTS: readonly TnmPart[] = ['stageGroup', 't', 'n', 'm'];

const TNM_PROFILES: Record<TnmPart, string> = {
  stageGroup: `${MCODE}mcode-tnm-stage-group`,
  t: `${MCODE}mcode-tnm-primary-tumor-category`,
  n: `${MCODE}mcode-tnm-regional-nodes-category`,
  m: `${MCODE}mcode-tnm-distant-metastases-category`,
};

/** SNOMED CT observables for each TNM element, as preferred by mCODE STU4. */
const TNM_CODES: Record<StagingPhase, Record<TnmPart, FhirCoding>> = {
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

const TNM_PART_WORDS: Record<TnmPart, string> = {
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
const MODALITY_CODES: Record<TreatmentModality, FhirCodeableConcept> = {
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

/** The ids of every entry, fixed before any resource is built so references can point ahead. */
interface EntryIds {
  composition: string;
  patient: string;
  condition: string;
  carePlan: string;
  board: string;
  institution: string | null;
  practitioner: string | null;
  provenance: string | null;
  staging: Record<StagingPhase, Record<TnmPart, string>>;
}

/** The TNM observations of one phase (clinical or pathological), stage group included if recorded. */
interface StagingObservations {
  phase: StagingPhase;
  recorded: TnmView;
  observations: FhirObservation[];
  stageGroup: FhirObservation | null;
}

/**
 * The board's recommendation as a FHIR R4 `document` Bundle shaped after mCODE STU4: the
 * pseudonymous cancer patient, the primary cancer condition, its TNM staging observations, the
 * recommendation as a proposed CarePlan, the board as the authoring Organization and, once the
 * chair has signed, the signer and a Provenance carrying the signature.
 *
 * Pure and deterministic: entry ids come from the report's record ids (`urn:uuid:<id>`), and
 * resources without a record id get a name-based UUID, so the same report always gives the
 * same bundle. The CarePlan is `active` once the recommendation is published and `draft`
 * before (signed but unpublished is still a draft for the receiving system); the Composition
 * is `final` once published and `preliminary` before.
 */
export function buildFhirBundle(report: RecommendationReport): FhirBundle {
  const ids = entryIds(report);
  const staging = stagingObservations(report, ids);
  const resources: FhirResource[] = [
    composition(report, ids, staging),
    patient(report, ids),
    condition(report, ids, staging),
    ...staging.flatMap((phase) => phase.observations),
    carePlan(report, ids),
    ...organizations(report, ids),
    ...signerResources(report, ids),
  ];
  return {
    resourceType: 'Bundle',
    id: stableUuid('Bundle', report.recommendation.id),
    identifier: { system: RFC3986, value: urn(report.recommendation.id) },
    type: 'document',
    timestamp: report.generatedAt,
    entry: resources.map((resource) => ({ fullUrl: urn(resource.id), resource })),
  };
}

function entryIds(report: RecommendationReport): EntryIds {
  const recommendationId = report.recommendation.id;
  const { signature } = report.recommendation;
  const stagingIds = (phase: StagingPhase): Record<TnmPart, string> => ({
    stageGroup: stableUuid(`Observation/${phase}/stage-group`, recommendationId),
    t: stableUuid(`Observation/${phase}/t`, recommendationId),
    n: stableUuid(`Observation/${phase}/n`, recommendationId),
    m: stableUuid(`Observation/${phase}/m`, recommendationId),
  });
  return {
    composition: stableUuid('Composition', recommendationId),
    patient: stableUuid('Patient', `${report.board.id}/${report.patient.reference}`),
    condition: recordUuid('Condition', report.case.id),
    carePlan: recordUuid('CarePlan', recommendationId),
    board: recordUuid('Organization', report.board.id),
    institution:
      report.board.institution.trim() === ''
        ? null
        : stableUuid('Organization/institution', report.board.institution.trim()),
    practitioner: signature === null ? null : recordUuid('Practitioner', signature.signerId),
    provenance: signature === null ? null : stableUuid('Provenance', recommendationId),
    staging: { clinical: stagingIds('clinical'), pathological: stagingIds('pathological') },
  };
}

function composition(
  report: RecommendationReport,
  ids: EntryIds,
  staging: StagingObservations[],
): FhirComposition {
  const { recommendation } = report;
  const signature = recommendation.signature;
  return {
    resourceType: 'Composition',
    id: ids.composition,
    text: narrative(
      `Tumor board recommendation, version ${recommendation.version}, for patient ${report.patient.reference}`,
      `${report.board.name}${report.board.institution ? `, ${report.board.institution}` : ''}`,
      meetingWords(report),
      `Status: ${recommendation.status}`,
    ),
    status: recommendation.status === 'published' ? 'final' : 'preliminary',
    type: {
      coding: [{ system: LOINC, code: '18776-5', display: 'Plan of care note' }],
      text: 'Tumor board recommendation',
    },
    subject: ref(ids.patient, report.patient.reference),
    date: signature?.signedAt ?? recommendation.createdAt,
    author: [ref(ids.board, report.board.name)],
    title: 'Tumor Board Recommendation',
    ...(signature !== null && ids.practitioner !== null
      ? {
          attester: [
            {
              mode: 'legal' as const,
              time: signature.signedAt,
              party: ref(ids.practitioner, signature.signerName),
            },
          ],
        }
      : {}),
    ...(recommendation.previousVersionId !== null
      ? {
          relatesTo: [
            {
              code: 'replaces' as const,
              targetIdentifier: { system: RFC3986, value: urn(recommendation.previousVersionId) },
            },
          ],
        }
      : {}),
    section: [
      recommendationSection(report, ids),
      questionSection(report),
      stagingSection(report, ids, staging),
      rationaleSection(report),
      panelDecisionSection(report),
    ],
  };
}

function recommendationSection(
  report: RecommendationReport,
  ids: EntryIds,
): FhirCompositionSection {
  const { recommendation } = report.recommendation.content;
  const amendment = report.recommendation.previousVersionId
    ? [
        `Amends version ${report.recommendation.version - 1}: ${report.recommendation.amendmentReason ?? 'no reason given'}`,
      ]
    : [];
  return {
    title: 'Recommendation',
    text: narrative(
      recommendation.text,
      `Intent: ${recommendation.intent}`,
      `Modalities, in order: ${recommendation.modalities.map((m) => MODALITY_CODES[m].text).join('; ') || 'none'}`,
      `Sequence: ${recommendation.sequence ?? 'not specified'}`,
      `Clinical trial referrals: ${trialWords(report) || 'none'}`,
      ...amendment,
    ),
    entry: [ref(ids.carePlan, 'Recommended care plan')],
  };
}

function questionSection(report: RecommendationReport): FhirCompositionSection {
  return {
    title: 'Question to the board',
    text: narrative(report.case.question, `Clinical summary: ${report.case.clinicalSummary}`),
  };
}

function stagingSection(
  report: RecommendationReport,
  ids: EntryIds,
  staging: StagingObservations[],
): FhirCompositionSection {
  const { case: clinical } = report;
  const edition =
    clinical.staging === null ? '' : ` (AJCC ${ordinal(clinical.staging.edition)} edition)`;
  const stagingLines =
    staging.length === 0
      ? ['Staging: not staged']
      : staging.map(
          (phase) => `${capitalise(phase.phase)} staging${edition}: ${tnmWords(phase.recorded)}`,
        );
  const biomarkers = clinical.biomarkers
    .map((b) => `${b.name}: ${b.result}${b.method ? ` (${b.method})` : ''}`)
    .join('; ');
  return {
    title: 'Diagnosis and staging',
    text: narrative(
      `Diagnosis: ${diagnosisWords(clinical.diagnosis)}`,
      ...stagingLines,
      `Biomarkers: ${biomarkers || 'none recorded'}`,
      `ECOG performance status: ${clinical.ecog ?? 'not recorded'}`,
    ),
    entry: [
      ref(ids.condition, 'Primary cancer'),
      ...staging.flatMap((phase) => phase.observations.map((o) => ref(o.id))),
    ],
  };
}

function rationaleSection(report: RecommendationReport): FhirCompositionSection {
  const { rationale, guidelineReferences } = report.recommendation.content;
  return {
    title: 'Rationale and guidelines',
    text: narrativeWithList(
      [rationale],
      'Guideline references',
      guidelineReferences.map((g) => `${g.citation} (evidence category ${g.evidenceCategory})`),
    ),
  };
}

function panelDecisionSection(report: RecommendationReport): FhirCompositionSection {
  const participants = report.participants
    .map((p) => `${p.displayName} (${specialtyWords(p.specialty)}, ${p.role})`)
    .join('; ');
  return {
    title: 'Panel decision',
    text: narrativeWithList(
      [`Panel: ${participants || 'not recorded'}`, ...decisionLines(report)],
      'Dissent',
      (report.recommendation.decision?.minorityOpinions ?? []).map(
        (o) => `${o.displayName} (${specialtyWords(o.specialty)}): ${o.text}`,
      ),
    ),
  };
}

function decisionLines(report: RecommendationReport): string[] {
  const { decision } = report.recommendation;
  if (decision === null) return ['No panel vote was recorded.'];
  const { tally } = decision;
  return [
    `Decided by ${decision.decidedBy === 'vote' ? 'vote of the panel' : "the chair's casting vote"}.`,
    ...tally.options.map(
      (o) =>
        `${optionLabel(report, o.optionId)} (${optionText(report, o.optionId)}): ${o.votes} votes (${shareWords(o.share)})`,
    ),
    `Abstentions: ${tally.abstentions}`,
    `Turnout: ${shareWords(tally.turnout)} of eligible members`,
    ...tally.bySpecialty.map(
      (row) =>
        `${specialtyWords(row.specialty)} (${row.eligible} eligible): ${row.votes
          .map((v) => `${optionLabel(report, v.optionId)}: ${v.votes}`)
          .join(', ')}; abstentions ${row.abstentions}`,
    ),
  ];
}

function patient(report: RecommendationReport, ids: EntryIds): FhirPatient {
  const { reference, birthYear, sex } = report.patient;
  return {
    resourceType: 'Patient',
    id: ids.patient,
    meta: { profile: [`${MCODE}mcode-cancer-patient`], security: [PSEUDONYMISED] },
    text: narrative(
      `Pseudonymised patient ${reference}`,
      `Born ${birthYear}, sex ${sex}. Name and medical record number are withheld.`,
    ),
    identifier: [{ system: PATIENT_REFERENCE_SYSTEM, value: reference }],
    name: [
      {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
            valueCode: 'masked',
          },
        ],
      },
    ],
    gender: sex,
    birthDate: String(birthYear).padStart(4, '0'),
  };
}

function condition(
  report: RecommendationReport,
  ids: EntryIds,
  staging: StagingObservations[],
): FhirCondition {
  const { diagnosis } = report.case;
  const stages = staging.map(conditionStage).filter((s): s is FhirConditionStage => s !== null);
  const site = bodySiteText(diagnosis);
  return {
    resourceType: 'Condition',
    id: ids.condition,
    meta: { profile: [`${MCODE}mcode-primary-cancer-condition`] },
    text: narrative(`Primary cancer: ${diagnosisWords(diagnosis)}`),
    ...(diagnosis.diagnosedOn
      ? {
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/condition-assertedDate',
              valueDateTime: diagnosis.diagnosedOn,
            },
          ],
        }
      : {}),
    clinicalStatus: ACTIVE,
    verificationStatus: CONFIRMED,
    category: [PROBLEM_LIST_ITEM],
    code: {
      ...(diagnosis.icd10 ? { coding: [{ system: ICD10_CM, code: diagnosis.icd10.trim() }] } : {}),
      text: conditionText(diagnosis),
    },
    ...(site !== null ? { bodySite: [{ text: site }] } : {}),
    subject: ref(ids.patient, report.patient.reference),
    ...(stages.length > 0 ? { stage: stages } : {}),
  };
}

function conditionStage(phase: StagingObservations): FhirConditionStage | null {
  const assessment = phase.stageGroup !== null ? [phase.stageGroup] : phase.observations;
  if (assessment.length === 0) return null;
  return {
    ...(phase.recorded.stageGroup ? { summary: { text: phase.recorded.stageGroup } } : {}),
    assessment: assessment.map((o) => ref(o.id)),
    type: { text: `${capitalise(phase.phase)} TNM staging` },
  };
}

function stagingObservations(report: RecommendationReport, ids: EntryIds): StagingObservations[] {
  const { staging } = report.case;
  if (staging === null) return [];
  const phases: StagingPhase[] = ['clinical', 'pathological'];
  return phases.flatMap((phase) => {
    const recorded = staging[phase];
    if (recorded === undefined) return [];
    const present = TNM_PARTS.filter((part) => Boolean(recorded[part]?.trim()));
    if (present.length === 0) return [];
    const members = present.filter((part) => part !== 'stageGroup');
    const observations = present.map((part) =>
      tnmObservation(report, ids, phase, part, recorded[part] ?? '', staging.edition, members),
    );
    return [
      {
        phase,
        recorded,
        observations,
        stageGroup: observations.find((o) => o.id === ids.staging[phase].stageGroup) ?? null,
      },
    ];
  });
}

function tnmObservation(
  report: RecommendationReport,
  ids: EntryIds,
  phase: StagingPhase,
  part: TnmPart,
  value: string,
  edition: number,
  members: TnmPart[],
): FhirObservation {
  const code = TNM_CODES[phase][part];
  return {
    resourceType: 'Observation',
    id: ids.staging[phase][part],
    meta: { profile: [TNM_PROFILES[part]] },
    text: narrative(
      `${capitalise(phase)} ${TNM_PART_WORDS[part]}: ${value.trim()} (AJCC ${ordinal(edition)} edition)`,
    ),
    status: 'final',
    category: [SURVEY],
    code: { coding: [code], text: code.display },
    subject: ref(ids.patient, report.patient.reference),
    focus: [ref(ids.condition, 'Primary cancer')],
    valueCodeableConcept: { text: value.trim() },
    method: stagingMethod(edition),
    ...(part === 'stageGroup' && members.length > 0
      ? { hasMember: members.map((member) => ref(ids.staging[phase][member])) }
      : {}),
  };
}

function stagingMethod(edition: number): FhirCodeableConcept {
  return edition === 8
    ? { coding: [AJCC_8TH_EDITION], text: 'AJCC Cancer Staging Manual, 8th edition' }
    : { text: `AJCC Cancer Staging Manual, ${ordinal(edition)} edition` };
}

function carePlan(report: RecommendationReport, ids: EntryIds): FhirCarePlan {
  const { recommendation: view } = report;
  const { recommendation, rationale } = view.content;
  const notes = [
    recommendation.sequence?.trim() ? `Sequence: ${recommendation.sequence.trim()}` : null,
    rationale.trim() ? `Rationale: ${rationale.trim()}` : null,
  ].filter((note): note is string => note !== null);
  return {
    resourceType: 'CarePlan',
    id: ids.carePlan,
    text: narrative(
      `Proposed by ${report.board.name} (${recommendation.intent} intent): ${recommendation.text}`,
    ),
    identifier: [{ system: RFC3986, value: urn(view.id) }],
    ...(view.previousVersionId !== null
      ? {
          replaces: [
            {
              identifier: { system: RFC3986, value: urn(view.previousVersionId) },
              display: `Recommendation version ${view.version - 1}`,
            },
          ],
        }
      : {}),
    status: view.status === 'published' ? 'active' : 'draft',
    intent: 'proposal',
    category: [{ text: `Treatment intent: ${recommendation.intent}` }],
    title: 'Tumor board recommendation',
    description: nonEmpty(recommendation.text, 'No recommendation text'),
    subject: ref(ids.patient, report.patient.reference),
    created: view.signature?.signedAt ?? view.createdAt,
    author: ref(ids.board, report.board.name),
    addresses: [ref(ids.condition, 'Primary cancer')],
    activity: recommendation.modalities.map((modality) => activity(report, modality)),
    ...(notes.length > 0 ? { note: notes.map((text) => ({ text })) } : {}),
  };
}

function activity(report: RecommendationReport, modality: TreatmentModality): FhirCarePlanActivity {
  const trials = trialWords(report);
  return {
    detail: {
      kind: 'ServiceRequest',
      code: MODALITY_CODES[modality],
      status: 'not-started',
      ...(modality === 'clinical_trial'
        ? { description: trials ? `Refer for: ${trials}` : 'Trial to be identified' }
        : {}),
    },
  };
}

function organizations(report: RecommendationReport, ids: EntryIds): FhirOrganization[] {
  const { board } = report;
  const institution: FhirOrganization[] =
    ids.institution === null
      ? []
      : [
          {
            resourceType: 'Organization',
            id: ids.institution,
            text: narrative(board.institution.trim()),
            active: true,
            name: board.institution.trim(),
          },
        ];
  const boardOrganization: FhirOrganization = {
    resourceType: 'Organization',
    id: ids.board,
    text: narrative(
      `Multidisciplinary tumor board ${board.name}${ids.institution ? ` of ${board.institution}` : ''}`,
    ),
    active: true,
    name: nonEmpty(board.name, 'Tumor board'),
    ...(ids.institution !== null ? { partOf: ref(ids.institution, board.institution.trim()) } : {}),
  };
  return [boardOrganization, ...institution];
}

/** The signer and the Provenance carrying the signature; nothing while unsigned. */
function signerResources(report: RecommendationReport, ids: EntryIds): FhirResource[] {
  const { signature } = report.recommendation;
  if (signature === null || ids.practitioner === null || ids.provenance === null) return [];
  const signer = ref(ids.practitioner, signature.signerName);
  const practitioner: FhirPractitioner = {
    resourceType: 'Practitioner',
    id: ids.practitioner,
    text: narrative(`${signature.signerName}, chair of ${report.board.name}`),
    name: [{ text: nonEmpty(signature.signerName, 'Chair') }],
  };
  const provenance: FhirProvenance = {
    resourceType: 'Provenance',
    id: ids.provenance,
    text: narrative(
      `Signed by ${signature.signerName} at ${signature.signedAt}`,
      `Content hash (SHA-256): ${signature.contentHash}`,
    ),
    target: [ref(ids.composition), ref(ids.carePlan)],
    recorded: signature.signedAt,
    agent: [
      {
        type: AUTHOR_PARTICIPANT,
        who: signer,
        onBehalfOf: ref(ids.board, report.board.name),
      },
    ],
    signature: [
      {
        type: [AUTHOR_SIGNATURE],
        when: signature.signedAt,
        who: signer,
        data: Buffer.from(signature.value, 'utf8').toString('base64'),
      },
    ],
  };
  return [practitioner, provenance];
}

function meetingWords(report: RecommendationReport): string {
  const { meeting } = report;
  return meeting === null
    ? 'Decided outside a meeting'
    : `Meeting: ${meeting.title}, ${meeting.startsAt} (${meeting.timezone})`;
}

function trialWords(report: RecommendationReport): string {
  return report.recommendation.content.trialReferrals
    .map((trial) => (trial.title ? `${trial.nctId} (${trial.title})` : trial.nctId))
    .join('; ');
}

function diagnosisWords(diagnosis: CaseDiagnosis): string {
  return [
    conditionText(diagnosis),
    diagnosis.icd10 ? `ICD-10 ${diagnosis.icd10}` : null,
    diagnosis.laterality ? `laterality ${diagnosis.laterality.replace(/_/g, ' ')}` : null,
    diagnosis.diagnosedOn ? `diagnosed ${diagnosis.diagnosedOn}` : null,
  ]
    .filter((part): part is string => part !== null)
    .join(', ');
}

/** "Adenocarcinoma, right upper lobe of lung"; a fallback when neither was recorded. */
function conditionText(diagnosis: CaseDiagnosis): string {
  const parts = [diagnosis.histology?.trim(), diagnosis.primarySite?.trim()].filter(
    (part): part is string => Boolean(part),
  );
  return parts.length > 0 ? parts.join(', ') : 'Cancer, diagnosis not recorded';
}

/** The primary site with its laterality when that is meaningful. */
function bodySiteText(diagnosis: CaseDiagnosis): string | null {
  const site = diagnosis.primarySite?.trim();
  if (!site) return null;
  const laterality = diagnosis.laterality;
  return laterality && laterality !== 'not_applicable' ? `${site} (${laterality})` : site;
}

function tnmWords(tnm: TnmView): string {
  const categories = [tnm.t, tnm.n, tnm.m].filter(Boolean).join(' ');
  return [categories, tnm.stageGroup ? `stage group ${tnm.stageGroup}` : '']
    .filter(Boolean)
    .join(', ');
}

/** "Option 2": the option's place in the vote as it was put to the panel. */
function optionLabel(report: RecommendationReport, optionId: string): string {
  const index = report.options.findIndex((option) => option.id === optionId);
  return index < 0 ? 'Unlisted option' : `Option ${index + 1}`;
}

function optionText(report: RecommendationReport, optionId: string): string {
  return report.options.find((option) => option.id === optionId)?.text ?? 'no longer on record';
}

function shareWords(share: Share): string {
  const percent = share.of === 0 ? 0 : Math.round((share.votes / share.of) * 100);
  return `${share.votes} of ${share.of}, ${percent}%`;
}

function specialtyWords(specialty: string): string {
  return capitalise(specialty.replace(/_/g, ' '));
}

function capitalise(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function ordinal(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return `${value}th`;
  return `${value}${['th', 'st', 'nd', 'rd'][value % 10] ?? 'th'}`;
}

function nonEmpty(text: string, fallback: string): string {
  return text.trim() || fallback;
}

function concept(system: string, code: string, display: string): FhirCodeableConcept {
  return { coding: [{ system, code, display }] };
}

function snomed(code: string, display: string): FhirCoding {
  return { system: SNOMED, code, display };
}

function ref(id: string, display?: string): FhirReference {
  return display?.trim() ? { reference: urn(id), display: display.trim() } : { reference: urn(id) };
}

function urn(id: string): string {
  return `urn:uuid:${id}`;
}

/** A record id as an entry id: the id itself when it is a UUID, else a UUID derived from it. */
function recordUuid(kind: string, id: string): string {
  return UUID.test(id) ? id.toLowerCase() : stableUuid(kind, id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID in the manner of RFC 9562 version 5, with SHA-256 in place of SHA-1: the
 * same name and record id always give the same UUID.
 */
function stableUuid(name: string, recordId: string): string {
  const bytes = createHash('sha256').update(`${name}\u0000${recordId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

/** A narrative `div`: one paragraph per argument, line breaks kept, every text HTML-escaped. */
function narrative(...paragraphs: string[]): FhirNarrative {
  return { status: 'generated', div: xhtmlDiv(paragraphs.map(paragraph).join('')) };
}

/** Paragraphs followed by a titled bullet list ("None" when the list is empty). */
function narrativeWithList(
  paragraphs: string[],
  listTitle: string,
  items: string[],
): FhirNarrative {
  const list =
    items.length === 0
      ? paragraph(`${listTitle}: none`)
      : `${paragraph(`${listTitle}:`)}<ul>${items.map((item) => `<li>${escapeText(item)}</li>`).join('')}</ul>`;
  return { status: 'generated', div: xhtmlDiv(paragraphs.map(paragraph).join('') + list) };
}

function xhtmlDiv(body: string): string {
  return `<div xmlns="${XHTML}">${body}</div>`;
}

function paragraph(text: string): string {
  return `<p>${escapeText(text.trim() || 'None')}</p>`;
}

/** XML 1.0 cannot carry most control characters at all, even escaped. */
function isXmlCharacter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

function escapeText(text: string): string {
  return [...text]
    .filter(isXmlCharacter)
    .join('')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r?\n/g, '<br/>');
}
