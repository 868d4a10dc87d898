export * from './blinding';
export * from './concordance';
export * from './sla-clock';
export * from './written-opinion';
export * from './arbitration';
export * from './review-worklist';
