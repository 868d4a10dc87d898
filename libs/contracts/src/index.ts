export * from './enums';
export * from './errors';
export * from './auth';
export * from './audit';
export * from './boards';
export * from './cases';
export * from './notes';
export * from './live';
