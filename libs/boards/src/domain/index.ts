export * from './meeting-status';
export * from './recurrence';
