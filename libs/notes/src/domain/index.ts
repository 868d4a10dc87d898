export * from './document-name';
export * from './note-template';
export * from './compaction';
export * from './note-state';
