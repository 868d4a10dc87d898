export * from './blinding';
export * from './concordance';
export * from './input-checks';
export * from './sla-clock';
export { days } from './time';
export * from './written-opinion';
