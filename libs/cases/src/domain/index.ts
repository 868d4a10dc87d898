export * from './agenda';
export * from './case-status';
export * from './clinical-codes';
export * from './file-signature';
export * from './preparation';
export * from './readiness';
export * from './staging';
export * from './transitions';
