export * from './read-model-store';
export * from './query';
export * from './indexes';
export * from './batch-commit-rules';
