export * from './turn-credentials';
export * from './media-policy';
