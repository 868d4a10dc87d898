export * from './notes.module';
export * from './notes.service';
export * from './notes.health';
export * from './collab.server';
export * from './notes-settings';
export * from './domain';
