export * from './events';
export * from './commands';
export * from './state';
export * from './decider';
export * from './rule-violation';
export * from './money';
export * from './streams';
export * from './upcasters';
