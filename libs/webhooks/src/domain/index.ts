export * from './endpoint-url';
export * from './retry-schedule';
export * from './signature';
