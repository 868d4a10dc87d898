export * from './blinding';
export * from './concordance';
export * from './csv';
export * from './follow-up-schedule';
export * from './metrics';
export * from './sla-clock';
export { days } from './time';
