import { RecommendationReport } from '@app/contracts';
import {
  IDS,
  MRN,
  SIGNATURE_VALUE,
  draftAmendment,
  lungReport,
  prepareFhirValidation,
  specialCharacters,
  validateFhirResource,
} from '@app/testing';
import { buildFhirBundle } from './bundle';
import {
  FhirBundle,
  FhirCarePlan,
  FhirComposition,
  FhirCondition,
  FhirObservation,
  FhirPatient,
  FhirProvenance,
  FhirResource,
} from './types';

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
      'Pathological staging (AJCC 8th edition): pT2a pN2 cM0; stage group IIIA',
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
