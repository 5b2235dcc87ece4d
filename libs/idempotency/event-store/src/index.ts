export * from './event-store-idempotency-store';
