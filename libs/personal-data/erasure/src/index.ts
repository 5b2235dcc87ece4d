export * from './customer-erasure';
