export * from './second-opinions.module';
export * from './second-opinions-settings';
export * from './second-opinion-requests.service';
export * from './records-collection.service';
export * from './upload-links.service';
export * from './reviews.service';
export * from './panel-vote.service';
export * from './written-opinions.service';
export * from './follow-up-questions.service';
export * from './referrer-links.service';
export * from './consultations.service';
export * from './second-opinion-lookup';
// Pure rules other contexts build on: the quality metrics and follow-up schedule, the app's settings.
export type { ConcordanceClass } from './domain';
export {
  CONCORDANCE_CLASSES_BY_SEVERITY,
  assertInstant,
  assertUnique,
  days,
  slaStatus,
} from './domain';
