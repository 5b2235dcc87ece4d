export * from './config';
export * from './security-config';
export * from './offload-config';
