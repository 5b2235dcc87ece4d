export * from './periods';
export * from './cohort-retention';
export * from './activity-retention';
