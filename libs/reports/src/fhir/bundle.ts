import { RecommendationReport } from '@app/contracts';
import { composition } from './composition';
import { entryIds, stableUuid, urn } from './references';
import { carePlan, condition, organizations, patient, signerResources } from './resources';
import { stagingObservations } from './staging';
import { RFC3986 } from './terminology';
import { FhirBundle, FhirResource } from './types';

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
