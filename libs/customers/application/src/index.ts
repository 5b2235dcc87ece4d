export * from './customer-command-service';
export * from './errors';
export { eventIdFor, type EventIdDerivation } from './event-ids';
export * from './store-currency';
export { GroupCommit } from './group-commit';
