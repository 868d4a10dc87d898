import { BoardRole, RecommendationReport, Specialty, TreatmentModality } from '@app/contracts';
/* eslint-disable boundaries/dependencies -- test support shared with the e2e suites */
import {
  prepareFhirValidation,
  validateFhirResource,
} from '../../../../test/support/fhir-validation';
/* eslint-enable boundaries/dependencies */
import {
  FhirBundle,
  FhirCarePlan,
  FhirComposition,
  FhirCondition,
  FhirObservation,
  FhirPatient,
  FhirProvenance,
  FhirResource,
  buildFhirBundle,
} from './fhir-bundle';

const IDS = {
  recommendation: '0b7f6a52-3c1e-4d8a-9b2f-5e6d7c8b9a01',
  previousRecommendation: '0b7f6a52-3c1e-4d8a-9b2f-5e6d7c8b9a00',
  case: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  board: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
  meeting: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b',
  vote: '4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c',
  chair: '5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d',
  radiationOncologist: '6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d0e',
  surgeon: '7c8d9e0f-1a2b-4c3d-8e5f-6a7b8c9d0e1f',
  pathologist: '8d9e0f1a-2b3c-4d4e-9f6a-7b8c9d0e1f2a',
  radiologist: '9e0f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3b',
  coordinator: 'af0f1a2b-3c4d-4e5f-9a7b-8c9d0e1f2a3c',
  optionChemoIo: 'b01f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3d',
  optionPort: 'c12f1a2b-3c4d-4e5f-9a7b-8c9d0e1f2a3e',
  optionTrial: 'd23f1a2b-3c4d-4e5f-8a7b-8c9d0e1f2a3f',
};
const MRN = 'MRN-00918273';
const SIGNATURE_VALUE = '9f2c4e6a8b0d1f3e5a7c9e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f1a3c5e7b9d0f';
const CONTENT_HASH = '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';

/** A right upper lobe adenocarcinoma, upstaged to pN2 at lobectomy: signed and published. */
function lungReport(): RecommendationReport {
  const winner = {
    text: 'Adjuvant cisplatin-pemetrexed ×4 followed by atezolizumab for 1 year; screen for the adjuvant trial NCT04385368 in parallel.',
    intent: 'curative' as const,
    modalities: ['systemic_therapy', 'clinical_trial'] as TreatmentModality[],
    sequence: 'Cisplatin-pemetrexed ×4, then atezolizumab 1200 mg every 3 weeks for 16 cycles',
  };
  const tally = {
    options: [
      { optionId: IDS.optionChemoIo, votes: 5, share: { votes: 5, of: 6 } },
      { optionId: IDS.optionPort, votes: 1, share: { votes: 1, of: 6 } },
      { optionId: IDS.optionTrial, votes: 0, share: { votes: 0, of: 6 } },
    ],
    abstentions: 1,
    ballotsCounted: 7,
    eligibleCount: 8,
    turnout: { votes: 7, of: 8 },
    quorum: { met: true, counted: 7, required: 5 },
    bySpecialty: [
      specialtyRow(Specialty.MedicalOncology, 2, [2, 0, 0], 0),
      specialtyRow(Specialty.RadiationOncology, 2, [1, 1, 0], 0),
      specialtyRow(Specialty.SurgicalOncology, 1, [1, 0, 0], 0),
      specialtyRow(Specialty.Pathology, 1, [0, 0, 0], 1),
      specialtyRow(Specialty.Radiology, 1, [1, 0, 0], 0),
      specialtyRow(Specialty.Other, 1, [0, 0, 0], 0),
    ],
  };
  return {
    recommendation: {
      id: IDS.recommendation,
      caseId: IDS.case,
      boardId: IDS.board,
      voteId: IDS.vote,
      version: 1,
      previousVersionId: null,
      amendmentReason: null,
      status: 'published',
      content: {
        recommendation: winner,
        rationale:
          'Completely resected (R0) stage IIIA adenocarcinoma with PD-L1 TPS 60% and no EGFR/ALK alteration: adjuvant platinum doublet followed by atezolizumab improves disease-free survival (IMpower010).',
        guidelineReferences: [
          { citation: 'NCCN NSCLC v3.2026, NSCL-7', evidenceCategory: '1' },
          { citation: 'ESMO early-stage NSCLC 2025', evidenceCategory: 'I, A' },
        ],
        trialReferrals: [
          {
            nctId: 'NCT04385368',
            title: 'MERMAID-1: durvalumab plus chemotherapy after resection',
          },
        ],
      },
      decision: {
        decidedBy: 'vote',
        tally,
        minorityOpinions: [
          {
            userId: IDS.radiationOncologist,
            displayName: 'Dr Luc Martin',
            specialty: Specialty.RadiationOncology,
            text: 'Station 4R involvement with extracapsular extension: I would add postoperative radiotherapy (50 Gy in 25 fractions) after chemotherapy.',
            recordedAt: '2026-03-03T17:05:00.000Z',
          },
        ],
      },
      notesSnapshot: { text: 'Discussed at the weekly board.', sha256: 'ab'.repeat(32) },
      contentHash: CONTENT_HASH,
      signature: {
        signerId: IDS.chair,
        signerName: 'Dr Anna Weber',
        signedAt: '2026-03-03T17:42:00.000Z',
        contentHash: CONTENT_HASH,
        value: SIGNATURE_VALUE,
      },
      createdBy: IDS.chair,
      createdAt: '2026-03-03T17:20:00.000Z',
      publishedBy: IDS.coordinator,
      publishedAt: '2026-03-04T08:15:00.000Z',
      supersededBy: null,
    },
    board: {
      id: IDS.board,
      name: 'Thoracic Oncology Board',
      institution: 'General Hospital Lyon',
    },
    meeting: {
      id: IDS.meeting,
      title: 'Weekly thoracic tumor board',
      startsAt: '2026-03-03T16:30:00.000Z',
      timezone: 'Europe/Paris',
    },
    participants: [
      participant(IDS.chair, 'Dr Anna Weber', Specialty.MedicalOncology, BoardRole.Chair),
      participant(IDS.radiationOncologist, 'Dr Luc Martin', Specialty.RadiationOncology),
      participant(IDS.surgeon, 'Dr Sofia Rossi', Specialty.SurgicalOncology, BoardRole.Presenter),
      participant(IDS.pathologist, 'Dr Jan Novak', Specialty.Pathology),
      participant(IDS.radiologist, 'Dr Mei Chen', Specialty.Radiology),
      participant(
        IDS.coordinator,
        'Claire Dubois',
        Specialty.OncologyNursing,
        BoardRole.Coordinator,
      ),
    ],
    patient: { reference: 'TB-2026-0042', birthYear: 1958, sex: 'female' },
    case: {
      id: IDS.case,
      diagnosis: {
        primarySite: 'Upper lobe of lung',
        histology: 'Adenocarcinoma, acinar predominant',
        icd10: 'C34.1',
        icdO3Topography: 'C34.1',
        icdO3Morphology: '8551/3',
        diagnosedOn: '2026-01-14',
        laterality: 'right',
      },
      staging: {
        edition: 8,
        clinical: { t: 'cT2a', n: 'cN0', m: 'cM0', stageGroup: 'IB' },
        pathological: { t: 'pT2a', n: 'pN2', m: 'cM0', stageGroup: 'IIIA' },
      },
      biomarkers: [
        { name: 'PD-L1 TPS', result: '60%', method: '22C3 IHC' },
        { name: 'EGFR', result: 'not detected', method: 'NGS' },
        { name: 'ALK', result: 'negative', method: 'IHC' },
      ],
      ecog: 1,
      question: 'Adjuvant treatment after right upper lobectomy with unexpected N2 disease?',
      clinicalSummary:
        '67-year-old former smoker (40 pack-years). Right upper lobectomy with systematic nodal dissection on 10 February 2026: 3.8 cm acinar adenocarcinoma, R0, 2 of 9 nodes positive at station 4R.',
    },
    options: [
      { id: IDS.optionChemoIo, ...winner },
      {
        id: IDS.optionPort,
        text: 'Adjuvant chemotherapy ×4 followed by postoperative mediastinal radiotherapy',
        intent: 'curative',
        modalities: ['systemic_therapy', 'radiotherapy'],
        sequence: 'Chemotherapy first, then radiotherapy',
      },
      {
        id: IDS.optionTrial,
        text: 'Enrolment in an adjuvant clinical trial only',
        intent: 'curative',
        modalities: ['clinical_trial'],
        sequence: null,
      },
    ],
    generatedAt: '2026-03-04T08:15:00.000Z',
  };
}

/** Version 2 amending version 1: still a draft, unsigned, staging withdrawn, decided without a meeting. */
function draftAmendment(): RecommendationReport {
  const base = lungReport();
  const decision = base.recommendation.decision!;
  return {
    ...base,
    recommendation: {
      ...base.recommendation,
      id: '0b7f6a52-3c1e-4d8a-9b2f-5e6d7c8b9a02',
      version: 2,
      previousVersionId: IDS.recommendation,
      amendmentReason:
        'Pathology addendum: EGFR exon 19 deletion; osimertinib replaces atezolizumab',
      status: 'draft',
      signature: null,
      publishedBy: null,
      publishedAt: null,
      decision: { ...decision, decidedBy: 'casting_vote', minorityOpinions: [] },
    },
    meeting: null,
    case: { ...base.case, staging: null, diagnosis: { primarySite: 'Lung' } },
    generatedAt: '2026-03-09T10:00:00.000Z',
  };
}

/** Free text full of markup characters, non-ASCII letters and typographic quotes. */
function specialCharacters(): RecommendationReport {
  const base = lungReport();
  const content = base.recommendation.content;
  return {
    ...base,
    recommendation: {
      ...base.recommendation,
      content: {
        ...content,
        recommendation: {
          ...content.recommendation,
          text: 'Resect if FEV1 > 60% & DLCO ≥ 50%; “watch & wait” if <2 cm. Überweisung to Dr Müller.',
        },
        rationale: `${'Tumour <3 cm & node-negative after neoadjuvant therapy, “ypN0”; ü, é, ñ. '.repeat(60)}`,
      },
    },
    case: {
      ...base.case,
      question: 'Is <b>surgery</b> & “adjuvant” therapy appropriate for Frau Jäger’s tumour?',
    },
  };
}

function participant(
  userId: string,
  displayName: string,
  specialty: Specialty,
  role: BoardRole = BoardRole.Panelist,
) {
  return { userId, displayName, specialty, role };
}

function specialtyRow(
  specialty: Specialty,
  eligible: number,
  votes: number[],
  abstentions: number,
) {
  return {
    specialty,
    eligible,
    votes: [IDS.optionChemoIo, IDS.optionPort, IDS.optionTrial].map((optionId, index) => ({
      optionId,
      votes: votes[index],
    })),
    abstentions,
  };
}

function resourcesOf<T extends FhirResource['resourceType']>(
  bundle: FhirBundle,
  resourceType: T,
): Array<Extract<FhirResource, { resourceType: T }>> {
  return bundle.entry
    .map((entry) => entry.resource)
    .filter(
      (r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === resourceType,
    );
}

function only<T extends FhirResource['resourceType']>(
  bundle: FhirBundle,
  resourceType: T,
): Extract<FhirResource, { resourceType: T }> {
  const found = resourcesOf(bundle, resourceType);
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every `reference` string anywhere inside `value`. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'reference' && typeof inner === 'string' ? [inner] : referencesIn(inner),
  );
}

function observationByCode(bundle: FhirBundle, code: string): FhirObservation {
  const found = resourcesOf(bundle, 'Observation').find((o) => o.code.coding?.[0].code === code);
  expect(found).toBeDefined();
  return found!;
}

const FIXTURES: Array<[string, () => RecommendationReport]> = [
  ['signed, published lung case', lungReport],
  ['draft amendment without staging', draftAmendment],
  ['special characters and long text', specialCharacters],
];

describe('buildFhirBundle', () => {
  beforeAll(() => prepareFhirValidation(), 60_000);

  describe.each(FIXTURES)('%s', (_name, fixture) => {
    const bundle = buildFhirBundle(fixture());

    it('gives every entry a resource valid against the R4 schema and FHIR.js', () => {
      const problems = bundle.entry.flatMap((entry) =>
        validateFhirResource(entry.resource).map(
          (problem) => `${entry.resource.resourceType}/${entry.resource.id}: ${problem}`,
        ),
      );
      expect(problems).toEqual([]);
    });

    it('is itself a valid R4 Bundle', () => {
      expect(validateFhirResource(bundle)).toEqual([]);
    });

    it('is a self-contained document: Composition first, unique ids, references resolve', () => {
      expect(bundle.type).toBe('document');
      expect(bundle.entry[0].resource.resourceType).toBe('Composition');
      const fullUrls = bundle.entry.map((entry) => entry.fullUrl);
      expect(new Set(fullUrls).size).toBe(fullUrls.length);
      for (const entry of bundle.entry) expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource.id}`);
      const unresolved = referencesIn(bundle.entry).filter((r) => !fullUrls.includes(r));
      expect(unresolved).toEqual([]);
    });

    it('carries no undefined values, so the JSON on the wire is the object tested', () => {
      expect(JSON.parse(JSON.stringify(bundle))).toStrictEqual(bundle);
    });

    it('never contains the MRN, even if the caller passed one along', () => {
      const report = fixture();
      const leaky = { ...report, case: { ...report.case, mrn: MRN } } as RecommendationReport;
      expect(JSON.stringify(buildFhirBundle(leaky))).not.toContain(MRN);
    });
  });

  it('is deterministic: the same report gives the same bundle', () => {
    expect(JSON.stringify(buildFhirBundle(lungReport()))).toBe(
      JSON.stringify(buildFhirBundle(lungReport())),
    );
  });

  it('identifies the document by the recommendation and stamps it with generatedAt', () => {
    const bundle = buildFhirBundle(lungReport());
    expect(bundle.identifier).toEqual({
      system: 'urn:ietf:rfc:3986',
      value: `urn:uuid:${IDS.recommendation}`,
    });
    expect(bundle.timestamp).toBe('2026-03-04T08:15:00.000Z');
  });

  it('uses record ids as entry ids and derives UUIDs for the others', () => {
    const bundle = buildFhirBundle(lungReport());
    expect(only(bundle, 'CarePlan').id).toBe(IDS.recommendation);
    expect(only(bundle, 'Condition').id).toBe(IDS.case);
    expect(only(bundle, 'Practitioner').id).toBe(IDS.chair);
    expect(resourcesOf(bundle, 'Organization').map((o) => o.id)).toContain(IDS.board);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(only(bundle, 'Composition').id).toMatch(uuid);
    expect(only(bundle, 'Patient').id).toMatch(uuid);
    const other = buildFhirBundle(draftAmendment());
    expect(only(other, 'Composition').id).not.toBe(only(bundle, 'Composition').id);
  });

  it('describes a pseudonymous mCODE cancer patient', () => {
    const patient: FhirPatient = only(buildFhirBundle(lungReport()), 'Patient');
    expect(patient.meta?.profile).toEqual([
      'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-cancer-patient',
    ]);
    expect(patient.meta?.security?.[0].code).toBe('PSEUDED');
    expect(patient.identifier).toEqual([
      { system: 'urn:tumor-board:patient-ref', value: 'TB-2026-0042' },
    ]);
    expect(patient.gender).toBe('female');
    expect(patient.birthDate).toBe('1958');
    expect(patient.name).toEqual([
      {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
            valueCode: 'masked',
          },
        ],
      },
    ]);
  });

  it('codes the primary cancer condition with ICD-10-CM and points to both stage groups', () => {
    const bundle = buildFhirBundle(lungReport());
    const condition: FhirCondition = only(bundle, 'Condition');
    expect(condition.meta?.profile).toEqual([
      'http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition',
    ]);
    expect(condition.code.coding).toEqual([
      { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C34.1' },
    ]);
    expect(condition.code.text).toBe('Adenocarcinoma, acinar predominant, Upper lobe of lung');
    expect(condition.bodySite).toEqual([{ text: 'Upper lobe of lung (right)' }]);
    expect(condition.category[0].coding?.[0].code).toBe('problem-list-item');
    expect(condition.clinicalStatus.coding?.[0].code).toBe('active');
    expect(condition.verificationStatus.coding?.[0].code).toBe('confirmed');
    expect(condition.subject.reference).toBe(`urn:uuid:${only(bundle, 'Patient').id}`);
    expect(condition.stage?.map((s) => s.summary?.text)).toEqual(['IB', 'IIIA']);
    expect(condition.stage?.map((s) => s.assessment?.[0].reference)).toEqual([
      `urn:uuid:${observationByCode(bundle, '399537006').id}`,
      `urn:uuid:${observationByCode(bundle, '399588009').id}`,
    ]);
  });

  it.each([
    ['399537006', 'mcode-tnm-stage-group', 'IB'],
    ['399504009', 'mcode-tnm-primary-tumor-category', 'cT2a'],
    ['399534004', 'mcode-tnm-regional-nodes-category', 'cN0'],
    ['399387003', 'mcode-tnm-distant-metastases-category', 'cM0'],
    ['399588009', 'mcode-tnm-stage-group', 'IIIA'],
    ['384625004', 'mcode-tnm-primary-tumor-category', 'pT2a'],
    ['371494008', 'mcode-tnm-regional-nodes-category', 'pN2'],
    ['371497001', 'mcode-tnm-distant-metastases-category', 'cM0'],
  ])('records TNM element SNOMED %s as %s valued %s', (code, profile, value) => {
    const bundle = buildFhirBundle(lungReport());
    const observation = observationByCode(bundle, code);
    expect(observation.meta?.profile).toEqual([
      `http://hl7.org/fhir/us/mcode/StructureDefinition/${profile}`,
    ]);
    expect(observation.code.coding?.[0].system).toBe('http://snomed.info/sct');
    expect(observation.status).toBe('final');
    expect(observation.category[0].coding?.[0]).toMatchObject({
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'survey',
    });
    expect(observation.valueCodeableConcept).toEqual({ text: value });
    expect(observation.method.coding?.[0]).toMatchObject({
      system: 'http://snomed.info/sct',
      code: '897275008',
    });
    expect(observation.focus).toEqual([
      { reference: `urn:uuid:${IDS.case}`, display: 'Primary cancer' },
    ]);
  });

  it('links each stage group to its T, N and M categories', () => {
    const bundle = buildFhirBundle(lungReport());
    expect(resourcesOf(bundle, 'Observation')).toHaveLength(8);
    const clinical = observationByCode(bundle, '399537006');
    expect(clinical.hasMember?.map((m) => m.reference)).toEqual(
      ['399504009', '399534004', '399387003'].map(
        (code) => `urn:uuid:${observationByCode(bundle, code).id}`,
      ),
    );
    expect(observationByCode(bundle, '399504009').hasMember).toBeUndefined();
  });

  it('names the staging system in words when it is not the 8th edition', () => {
    const report = lungReport();
    report.case.staging = { edition: 7, clinical: { t: 'T2a', n: 'N0', m: 'M0' } };
    const bundle = buildFhirBundle(report);
    const observations = resourcesOf(bundle, 'Observation');
    expect(observations).toHaveLength(3);
    expect(observations[0].method).toEqual({ text: 'AJCC Cancer Staging Manual, 7th edition' });
    expect(only(bundle, 'Condition').stage?.[0].assessment).toHaveLength(3);
    expect(observations.every((o) => validateFhirResource(o).length === 0)).toBe(true);
  });

  it('omits staging observations and condition stages when the case is not staged', () => {
    const bundle = buildFhirBundle(draftAmendment());
    expect(resourcesOf(bundle, 'Observation')).toEqual([]);
    const condition = only(bundle, 'Condition');
    expect(condition.stage).toBeUndefined();
    expect(condition.code).toEqual({ text: 'Lung' });
  });

  it('proposes the recommendation as an active CarePlan once published', () => {
    const bundle = buildFhirBundle(lungReport());
    const plan: FhirCarePlan = only(bundle, 'CarePlan');
    expect(plan.status).toBe('active');
    expect(plan.intent).toBe('proposal');
    expect(plan.description).toContain('Adjuvant cisplatin-pemetrexed');
    expect(plan.category).toEqual([{ text: 'Treatment intent: curative' }]);
    expect(plan.created).toBe('2026-03-03T17:42:00.000Z');
    expect(plan.addresses).toEqual([
      { reference: `urn:uuid:${IDS.case}`, display: 'Primary cancer' },
    ]);
    expect(plan.author.reference).toBe(`urn:uuid:${IDS.board}`);
    expect(plan.note?.map((n) => n.text)).toEqual([
      expect.stringMatching(/^Sequence: Cisplatin-pemetrexed/),
      expect.stringMatching(/^Rationale: Completely resected/),
    ]);
    const trial = plan.activity[1].detail;
    expect(trial.code.coding?.[0].code).toBe('709491003');
    expect(trial.description).toContain('NCT04385368');
  });

  it('keeps an unpublished recommendation a draft CarePlan that replaces the amended version', () => {
    const plan = only(buildFhirBundle(draftAmendment()), 'CarePlan');
    expect(plan.status).toBe('draft');
    expect(plan.created).toBe(lungReport().recommendation.createdAt);
    expect(plan.replaces).toEqual([
      {
        identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${IDS.recommendation}` },
        display: 'Recommendation version 1',
      },
    ]);
  });

  it('lists one not-started ServiceRequest activity per modality, in order', () => {
    const report = lungReport();
    report.recommendation.content.recommendation.modalities = [
      'radiotherapy',
      'surgery',
      'systemic_therapy',
      'active_surveillance',
      'best_supportive_care',
      'clinical_trial',
    ];
    const plan = only(buildFhirBundle(report), 'CarePlan');
    expect(plan.activity.map((a) => [a.detail.code.coding?.[0].code, a.detail.code.text])).toEqual([
      ['1287742003', 'Radiotherapy'],
      ['387713003', 'Surgery'],
      [undefined, 'Systemic anticancer therapy'],
      ['424313000', 'Active surveillance'],
      [undefined, 'Best supportive care'],
      ['709491003', 'Clinical trial enrolment'],
    ]);
    expect(plan.activity.every((a) => a.detail.kind === 'ServiceRequest')).toBe(true);
    expect(plan.activity.every((a) => a.detail.status === 'not-started')).toBe(true);
    expect(validateFhirResource(plan)).toEqual([]);
  });

  it('writes a final plan-of-care Composition attested by the signer', () => {
    const bundle = buildFhirBundle(lungReport());
    const composition: FhirComposition = only(bundle, 'Composition');
    expect(composition.status).toBe('final');
    expect(composition.type.coding).toEqual([
      { system: 'http://loinc.org', code: '18776-5', display: 'Plan of care note' },
    ]);
    expect(composition.title).toBe('Tumor Board Recommendation');
    expect(composition.author).toEqual([
      { reference: `urn:uuid:${IDS.board}`, display: 'Thoracic Oncology Board' },
    ]);
    expect(composition.attester).toEqual([
      {
        mode: 'legal',
        time: '2026-03-03T17:42:00.000Z',
        party: { reference: `urn:uuid:${IDS.chair}`, display: 'Dr Anna Weber' },
      },
    ]);
    expect(composition.section.map((s) => s.title)).toEqual([
      'Recommendation',
      'Question to the board',
      'Diagnosis and staging',
      'Rationale and guidelines',
      'Panel decision',
    ]);
    expect(composition.section[0].entry).toEqual([
      { reference: `urn:uuid:${IDS.recommendation}`, display: 'Recommended care plan' },
    ]);
    expect(composition.section[2].entry).toHaveLength(9);
    expect(composition.section[2].text.div).toContain(
      'Pathological staging (AJCC 8th edition): pT2a pN2 cM0, stage group IIIA',
    );
    const rationale = composition.section[3].text.div;
    expect(rationale).toContain('NCCN NSCLC v3.2026, NSCL-7 (evidence category 1)');
    const panel = composition.section[4].text.div;
    expect(panel).toContain('Decided by vote of the panel');
    expect(panel).toContain('Option 1 (Adjuvant cisplatin-pemetrexed');
    expect(panel).toContain('5 votes (5 of 6, 83%)');
    expect(panel).toContain('Turnout: 7 of 8, 88%');
    expect(panel).toContain(
      'Radiation oncology (2 eligible): Option 1: 1, Option 2: 1, Option 3: 0; abstentions 0',
    );
    expect(panel).toContain('Dr Luc Martin (Radiation oncology): Station 4R');
  });

  it('keeps an unsigned amendment preliminary, unattested and related to the version it replaces', () => {
    const bundle = buildFhirBundle(draftAmendment());
    const composition = only(bundle, 'Composition');
    expect(composition.status).toBe('preliminary');
    expect(composition.attester).toBeUndefined();
    expect(composition.relatesTo).toEqual([
      {
        code: 'replaces',
        targetIdentifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${IDS.recommendation}` },
      },
    ]);
    expect(composition.section[4].text.div).toContain('Dissent: none');
    expect(resourcesOf(bundle, 'Practitioner')).toEqual([]);
    expect(resourcesOf(bundle, 'Provenance')).toEqual([]);
  });

  it('records the signature in a Provenance over the Composition and the CarePlan', () => {
    const bundle = buildFhirBundle(lungReport());
    const provenance: FhirProvenance = only(bundle, 'Provenance');
    expect(provenance.target.map((t) => t.reference)).toEqual([
      `urn:uuid:${only(bundle, 'Composition').id}`,
      `urn:uuid:${IDS.recommendation}`,
    ]);
    expect(provenance.recorded).toBe('2026-03-03T17:42:00.000Z');
    expect(provenance.agent[0].type.coding?.[0].code).toBe('author');
    expect(provenance.agent[0].who.reference).toBe(`urn:uuid:${IDS.chair}`);
    const [signature] = provenance.signature;
    expect(signature.type).toEqual([
      {
        system: 'urn:iso-astm:E1762-95:2013',
        code: '1.2.840.10065.1.12.1.1',
        display: "Author's Signature",
      },
    ]);
    expect(signature.when).toBe('2026-03-03T17:42:00.000Z');
    expect(Buffer.from(signature.data, 'base64').toString('utf8')).toBe(SIGNATURE_VALUE);
    expect(only(bundle, 'Practitioner').name).toEqual([{ text: 'Dr Anna Weber' }]);
  });

  it('nests the board under its institution', () => {
    const organizations = resourcesOf(buildFhirBundle(lungReport()), 'Organization');
    const board = organizations.find((o) => o.id === IDS.board)!;
    const institution = organizations.find((o) => o.id !== IDS.board)!;
    expect(board.name).toBe('Thoracic Oncology Board');
    expect(institution.name).toBe('General Hospital Lyon');
    expect(board.partOf?.reference).toBe(`urn:uuid:${institution.id}`);
  });

  it('escapes markup in every narrative and keeps non-ASCII text', () => {
    const bundle = buildFhirBundle(specialCharacters());
    const composition = only(bundle, 'Composition');
    const question = composition.section[1].text.div;
    expect(question).toContain(
      'Is &lt;b&gt;surgery&lt;/b&gt; &amp; “adjuvant” therapy appropriate for Frau Jäger’s tumour?',
    );
    expect(only(bundle, 'CarePlan').description).toContain('DLCO ≥ 50%; “watch & wait” if <2 cm');
    expect(only(bundle, 'CarePlan').text.div).toContain('“watch &amp; wait” if &lt;2 cm');
  });

  describe('the validators themselves', () => {
    it('reject a broken CarePlan', () => {
      const plan = only(buildFhirBundle(lungReport()), 'CarePlan');
      const { subject: _subject, ...withoutSubject } = plan;
      const broken = { ...withoutSubject, status: 'approved', intent: 'wish', colour: 'blue' };
      const problems = validateFhirResource(broken);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining("must have required property 'subject'"),
          expect.stringContaining('must NOT have additional properties'),
          expect.stringMatching(/CarePlan\.status: Code "approved" not found/),
          expect.stringMatching(/CarePlan\.intent: Code "wish" not found/),
          expect.stringMatching(/CarePlan\.colour: Unexpected property/),
        ]),
      );
    });

    it('reject narrative that is not well-formed XHTML', () => {
      const plan = only(buildFhirBundle(lungReport()), 'CarePlan');
      const broken = {
        ...plan,
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">a & b</div>' },
      };
      expect(validateFhirResource(broken)).toEqual([expect.stringMatching(/^narrative: /)]);
    });
  });
});
