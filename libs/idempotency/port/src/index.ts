export * from './idempotency-store';
export * from './validate-record';
