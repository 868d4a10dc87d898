export * from './notes.module';
export * from './notes.service';
export * from './notes.health';
export * from './notes-settings';
export { CLOSE as COLLAB_CLOSE_CODES } from './collab-connection';
export * from './domain';
