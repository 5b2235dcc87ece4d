export * from './customer-key-store';
