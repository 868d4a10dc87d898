export * from './quorum';
export * from './room-state';
export * from './token-bucket';
