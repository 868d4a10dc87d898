export * from './turn-credentials';
export * from './media-policy';
export * from './media-addressing';
