export * from './event-store';
export * from './batch-append';
