import { AgendaItem } from './agenda-item.entity';
import { CaseConflict } from './case-conflict.entity';
import { CaseRecord } from './case-record.entity';
import { ClinicalCase } from './clinical-case.entity';
import { PreparationRequest } from './preparation-request.entity';
import { ReadinessTemplateRow } from './readiness-template.entity';

export * from './cases.module';
export * from './cases.service';
export type { CaseFields, FirstTreatmentInput, NewCase } from './case-fields';
export { firstTreatmentOf } from './case-fields';
export * from './case-lookup';
export * from './agenda-lookup';
export * from './records.service';
export * from './case-imaging';
export * from './agenda.service';
export * from './preparation.service';
export * from './cases-settings';
export * from './clinical-case.entity';
export * from './case-record.entity';
export * from './case-conflict.entity';
export * from './agenda-item.entity';
export * from './readiness-template.entity';
export * from './preparation-request.entity';
export * from './mrn-cipher';
export * from './record-store';
export * from './upload-content';
export * from './record-download';
export * from './domain';

export const CASES_ENTITIES = [
  ClinicalCase,
  CaseRecord,
  CaseConflict,
  AgendaItem,
  ReadinessTemplateRow,
  PreparationRequest,
];
