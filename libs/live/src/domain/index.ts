export * from './quorum';
export * from './room-state';
