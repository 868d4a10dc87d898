export * from './contract-shapes';
export * from './contract-schemas';
export * from './returns';
export * from './document';
