/**
 * The server libs (`libs/<name>`) and `app` (`apps/server`): whose source may name a table, and
 * so who may own one.
 */
export const LIB_NAMES = [
  'core',
  'contracts',
  'persistence',
  'auth',
  'audit',
  'boards',
  'cases',
  'notes',
  'voting',
  'media',
  'live',
  'second-opinions',
  'openapi',
  'reports',
  'webhooks',
  'quality',
  'imaging',
  'sso',
  'testing',
  'app',
] as const;

export type LibName = (typeof LIB_NAMES)[number];

/**
 * Who owns each table: the one place this is written down. Every table has one owner, and only the
 * owning lib names it in SQL or an entity; another lib that needs the data calls a read function
 * the owner exports (docs/architecture.md, "Table owners").
 *
 * It lists exactly the tables the migrations in `./migrations` create (all of them live in this
 * lib, which owns none of the tables; TypeORM's own `schema_migration` bookkeeping table is not
 * listed). `test/architecture/table-ownership.spec.ts` checks both: that this map matches the
 * migrated schema, and that no lib's source names a table another lib owns.
 */
export const TABLE_OWNERS = {
  // CreateAccounts
  app_user: 'auth',
  auth_session: 'auth',
  refresh_token: 'auth',
  // CreateAuditLog
  audit_event: 'audit',
  audit_pending_event: 'audit',
  // CreateBoardsAndMeetings
  board: 'boards',
  board_member: 'boards',
  meeting_series: 'boards',
  meeting: 'boards',
  calendar_feed: 'boards',
  // CreateCasesAndAgenda (clinical_case altered by CaseFirstTreatment), CreatePreparationRequests
  clinical_case: 'cases',
  case_record: 'cases',
  case_conflict: 'cases',
  agenda_item: 'cases',
  readiness_template: 'cases',
  preparation_request: 'cases',
  // CreateNotes
  note_document: 'notes',
  note_update: 'notes',
  note_snapshot: 'notes',
  // CreateLiveRoom (meeting_attendance indexed by AttendanceOpenOnce)
  meeting_room_state: 'live',
  meeting_attendance: 'live',
  // CreateVoting (which also creates the webhook tables)
  vote: 'voting',
  vote_voter: 'voting',
  ballot: 'voting',
  minority_opinion: 'voting',
  recommendation: 'voting',
  webhook_endpoint: 'webhooks',
  webhook_delivery: 'webhooks',
  // CreateSecondOpinions, SecondOpinionDeliveryAndOutcomes, CreateSecondOpinionArbitration
  second_opinion_request: 'second-opinions',
  second_opinion_event: 'second-opinions',
  second_opinion_upload_link: 'second-opinions',
  second_opinion_record: 'second-opinions',
  second_opinion_reviewer: 'second-opinions',
  second_opinion_assessment: 'second-opinions',
  second_opinion_opinion: 'second-opinions',
  second_opinion_question: 'second-opinions',
  second_opinion_referrer_link: 'second-opinions',
  second_opinion_consultation: 'second-opinions',
  second_opinion_arbitration: 'second-opinions',
  outcome_follow_up: 'quality',
  // CreateImagingStudyOpenings, CreateBoardImagingSources
  imaging_study_opening: 'imaging',
  board_imaging_source: 'imaging',
  // CreateSingleSignOn (which also lets an active app_user have no password)
  external_identity: 'sso',
  sso_sign_in: 'sso',
  // CreateStepUpGrants (which also lets an sso_sign_in confirm an open session)
  sso_step_up_grant: 'sso',
} as const satisfies Record<string, LibName>;

export type TableName = keyof typeof TABLE_OWNERS;

/** The owning lib of a table, or undefined for a name that is not one of our tables. */
export function tableOwner(table: string): LibName | undefined {
  return Object.hasOwn(TABLE_OWNERS, table) ? TABLE_OWNERS[table as TableName] : undefined;
}
