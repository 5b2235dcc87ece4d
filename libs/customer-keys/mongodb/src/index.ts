export * from './mongo-customer-key-store';
