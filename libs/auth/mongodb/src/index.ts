export * from './mongo-api-key-store';
