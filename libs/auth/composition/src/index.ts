export * from './open-api-key-store';
