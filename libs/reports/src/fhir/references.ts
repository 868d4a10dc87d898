import { createHash } from 'node:crypto';
import { RecommendationReport } from '@app/contracts';
import { StagingPhase, TnmPart } from './terminology';
import { FhirReference } from './types';

/** The ids of every entry, fixed before any resource is built so references can point ahead. */
export interface EntryIds {
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

export function entryIds(report: RecommendationReport): EntryIds {
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

export function ref(id: string, display?: string): FhirReference {
  return display?.trim() ? { reference: urn(id), display: display.trim() } : { reference: urn(id) };
}

export function urn(id: string): string {
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
export function stableUuid(name: string, recordId: string): string {
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
