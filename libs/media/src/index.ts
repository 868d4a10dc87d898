export * from './media.module';
export * from './media.service';
export * from './media-settings';
export * from './media-room';
export * from './worker-pool';
export * from './media.health';
export * from './domain';
