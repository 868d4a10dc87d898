export * from './embedded-database';
export * from './data-source-options';
export * from './unit-of-work';
export * from './persistence.module';
export * from './free-port';
export * from './migrate';
export { MIGRATIONS } from './migrations';
export * from './table-owners';
export * from './pool-status';
