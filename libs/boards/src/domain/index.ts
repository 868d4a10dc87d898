export * from './meeting-status';
export * from './recurrence';
export * from './board-policies';
