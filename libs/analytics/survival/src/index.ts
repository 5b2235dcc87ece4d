export * from './kaplan-meier';
export * from './log-rank';
export * from './log-rank-groups';
export * from './unit-steps';
export { timeToInactivityChurn } from './inactivity';
