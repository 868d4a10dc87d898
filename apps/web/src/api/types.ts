import type { components } from './schema';

/** Response and request shapes of the REST API, as the generated OpenAPI client types them. */
export type Schemas = components['schemas'];

export type BoardView = Schemas['BoardView'];
export type BoardMemberView = Schemas['BoardMemberView'];
export type MeetingView = Schemas['MeetingView'];
export type MeetingSeriesView = Schemas['MeetingSeriesView'];
export type CalendarFeedView = Schemas['CalendarFeedView'];
export type CaseSummaryView = Schemas['CaseSummaryView'];
export type CaseDetailView = Schemas['CaseDetailView'];
export type CaseRecordView = Schemas['CaseRecordView'];
export type ReadinessView = Schemas['ReadinessView'];
export type AgendaView = Schemas['AgendaView'];
export type AgendaItemView = Schemas['AgendaItemView'];
export type MissingRecordsView = Schemas['MissingRecordsView'];
export type AuditEventView = Schemas['AuditEventView'];
export type AuditVerification = Schemas['AuditVerification'];
export type UserView = Schemas['UserView'];
