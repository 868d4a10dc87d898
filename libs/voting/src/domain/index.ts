export * from './ballot-commitment';
export * from './ballots';
export * from './eligibility';
export * from './recommendation-lifecycle';
export * from './recommendation-signature';
export * from './tally';
export * from './trial-registry';
export * from './signing-proof';
