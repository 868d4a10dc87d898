export * from './live.module';
export { LiveGateway, type LiveStatus } from './live.gateway';
export * from './attendance-lookup';
export * from './domain';
export * from './presence/presence-store';
export * from './presence/redis-presence-store';
