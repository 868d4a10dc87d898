import { AUDIT_ENTITIES } from '@app/audit';
import { AUTH_ENTITIES } from '@app/auth';
import { BOARDS_ENTITIES } from '@app/boards';
import { CASES_ENTITIES } from '@app/cases';
import { SSO_ENTITIES } from '@app/sso';
import { WEBHOOK_ENTITIES } from '@app/webhooks';

/** Every context's entities; the app hands them to the data source. */
export const ENTITIES = [
  ...AUTH_ENTITIES,
  ...AUDIT_ENTITIES,
  ...BOARDS_ENTITIES,
  ...CASES_ENTITIES,
  ...WEBHOOK_ENTITIES,
  ...SSO_ENTITIES,
];
