export * from './notes.module';
export * from './notes.service';
export * from './notes.health';
export * from './notes-settings';
export * from './domain';
