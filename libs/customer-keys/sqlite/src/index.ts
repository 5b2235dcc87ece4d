export * from './sqlite-customer-key-store';
