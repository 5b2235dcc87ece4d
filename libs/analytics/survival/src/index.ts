export * from './kaplan-meier';
export * from './log-rank';
