export * from './attendance';
export * from './quorum';
export * from './room-state';
export * from './token-bucket';
