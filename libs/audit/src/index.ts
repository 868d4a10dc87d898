import { AuditEvent } from './audit-event.entity';

export * from './audit.module';
export * from './audit-event.entity';
export { AuditEventRepository } from './audit-event.repository';
export * from './domain/hash-chain';

export const AUDIT_ENTITIES = [AuditEvent];
export { AuditService } from './audit.service';
export { AuditCheckpoints } from './audit-checkpoints';
export { AuditSealer } from './audit-sealer';
