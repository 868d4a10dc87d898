export * from './second-opinions.module';
export * from './second-opinions-settings';
export * from './referrals.service';
export * from './records-collection.service';
export * from './reviews.service';
export { days } from './domain';
