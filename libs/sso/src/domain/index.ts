export * from './callback';
export * from './exchange-failure';
export * from './oidc-providers';
export * from './sign-in';
export * from './step-up';
