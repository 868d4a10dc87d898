export * from './case-conference';
export * from './csv';
export * from './follow-up-schedule';
export * from './metrics';
