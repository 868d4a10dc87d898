export * from './live.module';
export * from './attendance-lookup';
export * from './domain';
export * from './presence/presence-store';
export * from './presence/redis-presence-store';
