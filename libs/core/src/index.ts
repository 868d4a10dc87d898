export * from './errors';
export * from './clock';
export * from './ids';
export * from './opaque-token';
export * from './request-context';
export * from './event-bus';
export * from './domain-event';
export * from './canonical-json';
