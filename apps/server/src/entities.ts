import { AUDIT_ENTITIES } from '@app/audit';
import { AUTH_ENTITIES } from '@app/auth';

/** Every context's entities; the app hands them to the data source. */
export const ENTITIES = [...AUTH_ENTITIES, ...AUDIT_ENTITIES];
