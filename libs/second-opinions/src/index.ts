export * from './second-opinions.module';
export * from './referrals.service';
