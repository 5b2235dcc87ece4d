export * from './roles';
export * from './principal';
export * from './api-key-store';
export * from './api-keys';
export * from './auth-errors';
