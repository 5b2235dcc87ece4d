export * from './periods';
export * from './cohort-retention';
