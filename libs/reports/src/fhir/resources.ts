import { CaseDiagnosis, RecommendationReport, TreatmentModality } from '@app/contracts';
import { trialReferralWords } from '../report-words';
import { narrative } from './narrative';
import { EntryIds, ref, urn } from './references';
import { StagingObservations, conditionStage } from './staging';
import {
  ACTIVE,
  AUTHOR_PARTICIPANT,
  AUTHOR_SIGNATURE,
  CONFIRMED,
  ICD10_CM,
  MCODE,
  MODALITY_CODES,
  PATIENT_REFERENCE_SYSTEM,
  PROBLEM_LIST_ITEM,
  PSEUDONYMISED,
  RFC3986,
} from './terminology';
import {
  FhirCarePlan,
  FhirCarePlanActivity,
  FhirCondition,
  FhirConditionStage,
  FhirOrganization,
  FhirPatient,
  FhirPractitioner,
  FhirProvenance,
  FhirResource,
} from './types';

/** The pseudonymous mCODE cancer patient: the board's patient reference, name masked. */
export function patient(report: RecommendationReport, ids: EntryIds): FhirPatient {
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

/** The mCODE primary cancer condition, pointing to its stages. */
export function condition(
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

/** The recommendation as a proposed CarePlan: one activity per modality, in order. */
export function carePlan(report: RecommendationReport, ids: EntryIds): FhirCarePlan {
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

/** The board, nested under its institution when one is recorded. */
export function organizations(report: RecommendationReport, ids: EntryIds): FhirOrganization[] {
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
export function signerResources(report: RecommendationReport, ids: EntryIds): FhirResource[] {
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

/** The trial referrals on one line, "; " between them; empty when there are none. */
export function trialWords(report: RecommendationReport): string {
  return report.recommendation.content.trialReferrals.map(trialReferralWords).join('; ');
}

export function diagnosisWords(diagnosis: CaseDiagnosis): string {
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

function nonEmpty(text: string, fallback: string): string {
  return text.trim() || fallback;
}
