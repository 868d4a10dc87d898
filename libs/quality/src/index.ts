export * from './quality.module';
export * from './quality-settings';
export * from './outcomes.service';
export * from './quality-metrics.service';
