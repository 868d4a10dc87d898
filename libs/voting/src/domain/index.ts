export * from './ballots';
export * from './eligibility';
export * from './recommendation-lifecycle';
export * from './tally';
export * from './trial-registry';
