export * from './sqlite-idempotency-store';
