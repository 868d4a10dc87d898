export * from './live.module';
export * from './domain';
